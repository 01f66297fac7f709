//! Background threads step aside for requests.
//!
//! A server's writer answers each `POST` after its batch commits; the
//! work that follows a commit (indexing texts for search, building story
//! documents, saving the clusterer state) can wait a few milliseconds,
//! a request should not. On a small machine (two cores) that work, when
//! it runs at the same priority, takes the core a request needs and puts
//! its wait in the latency tail. [`lower_thread_priority`] gives the
//! calling thread a lower scheduling priority (Linux: a per-thread nice
//! value of [`BACKGROUND_NICE`]): it still gets every idle cycle, and
//! keeps a share of a busy core (about a tenth of a normal thread's), so
//! it never starves, and the threads it starts afterwards inherit it.
//!
//! Does not: raise any priority (that needs privileges), or do anything on
//! systems other than Linux.

/// The nice value background threads take (0 is normal, 19 the lowest).
pub const BACKGROUND_NICE: i32 = 10;

/// Lowers the calling thread's scheduling priority to [`BACKGROUND_NICE`]
/// (threads it starts later inherit it). Best effort: a system that
/// refuses leaves the thread as it was.
pub fn lower_thread_priority() {
    #[cfg(target_os = "linux")]
    {
        // SAFETY: gettid has no preconditions; setpriority on our own
        // thread id only changes that thread's nice value, and an error is
        // a return value (ignored: the thread just keeps its priority).
        unsafe {
            let tid = libc::gettid();
            // A thread already nicer stays so (raising needs privileges).
            let _ = libc::setpriority(libc::PRIO_PROCESS, tid as libc::id_t, BACKGROUND_NICE);
        }
    }
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    /// The nice value of the calling thread, from `/proc`.
    fn nice_now() -> i32 {
        let stat = std::fs::read_to_string("/proc/thread-self/stat").unwrap();
        // Fields after the command name (which may hold spaces), which ends
        // at the last ')': state is field 3, nice field 19.
        let rest = &stat[stat.rfind(')').unwrap() + 2..];
        rest.split_whitespace().nth(16).unwrap().parse().unwrap()
    }

    #[test]
    fn a_lowered_thread_and_the_threads_it_starts_run_nicer_and_others_do_not() {
        let before = nice_now();
        let (lowered, child) = std::thread::spawn(|| {
            lower_thread_priority();
            let child = std::thread::spawn(nice_now).join().unwrap();
            (nice_now(), child)
        })
        .join()
        .unwrap();
        assert!(lowered >= BACKGROUND_NICE, "lowered to {lowered}");
        assert_eq!(child, lowered, "started threads inherit it");
        assert_eq!(nice_now(), before, "the calling thread is left alone");
    }
}
