//! Month and weekday names as Arabic news writes them in dates. Months: the Egyptian and Gulf
//! Gregorian names with their common spellings (يونيو/يونيه, أكتوبر/اكتوبر),
//! the Levantine ones (كانون، تشرين: the first word of the two-word names),
//! and the Hijri ones (ربيع، جمادى: likewise; القعدة، الحجة after ذو).
//!
//! Written as people type them, not in match form: a caller folds them the
//! way it folds the words it compares them with.
//!
//! Weekdays: السبت to الجمعة, with الإثنين/الاثنين.
//!
//! Does not: parse dates, or know English month or weekday names.

/// Every month name (see the module doc), one word each.
pub const MONTH_NAMES: &[&str] = &[
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "ابريل",
    "إبريل",
    "مايو",
    "يونيو",
    "يونيه",
    "يوليو",
    "يوليه",
    "أغسطس",
    "اغسطس",
    "سبتمبر",
    "أكتوبر",
    "اكتوبر",
    "نوفمبر",
    "ديسمبر",
    "كانون",
    "شباط",
    "آذار",
    "نيسان",
    "أيار",
    "حزيران",
    "تموز",
    "آب",
    "أيلول",
    "تشرين",
    "محرم",
    "صفر",
    "ربيع",
    "جمادى",
    "رجب",
    "شعبان",
    "رمضان",
    "شوال",
    "القعدة",
    "الحجة",
];

/// The Arabic weekday names (see the module doc), one word each.
pub const WEEKDAY_NAMES: &[&str] = &[
    "السبت",
    "الأحد",
    "الاثنين",
    "الإثنين",
    "الثلاثاء",
    "الأربعاء",
    "الخميس",
    "الجمعة",
];
