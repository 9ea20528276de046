//! Chunking and the accounting that makes sure no item of a batch is ever lost: the ranges, the
//! matching of an answer's items to the inputs, and [`Chunks`] (which chunk goes next, which are
//! skipped after a fatal error, an outcome for every chunk), driven by [`run_chunks`] in Rust
//! and by the JS `run` loop (src/io.js).

use crate::error::{Error, ErrorCode};
use core::cell::{Cell, RefCell};
use core::future::Future;
use serde::Serialize;

/// Splits `len` items into `(start, end)` ranges of at most `size`.
pub fn chunks(len: usize, size: usize) -> Vec<(usize, usize)> {
    // Loops rather than iterator chains here and below: each chain is its own code in the wasm.
    let size = size.max(1);
    let mut out = Vec::with_capacity(len.div_ceil(size));
    let mut s = 0;
    while s < len {
        out.push((s, (s + size).min(len)));
        s += size;
    }
    out
}

/// Matches the items the API mentioned (`reported`, by `(tracking_number, carrier_code)`) against
/// the chunk's inputs, each input at most once. Returns, for each reported item, the input index it
/// matched (or `None`), and the indices of inputs that nothing mentioned.
pub fn reconcile(
    inputs: &[(String, String)],
    reported: &[(String, String)],
) -> (Vec<Option<usize>>, Vec<usize>) {
    let mut used = vec![false; inputs.len()];
    let mut matched = Vec::with_capacity(reported.len());
    for r in reported {
        let free = |i: usize| !used[i];
        let mut hit = (0..inputs.len()).find(|&i| free(i) && inputs[i] == *r);
        // Tolerate a carrier the API corrected (auto-correct): fall back to the number alone.
        if hit.is_none() {
            hit = (0..inputs.len()).find(|&i| free(i) && inputs[i].0 == r.0);
        }
        if let Some(i) = hit {
            used[i] = true;
        }
        matched.push(hit);
    }
    let mut missing = Vec::new();
    for (i, u) in used.iter().enumerate() {
        if !u {
            missing.push(i);
        }
    }
    (matched, missing)
}

/// The bookkeeping of a chunked call, without I/O: which chunks are skipped after a fatal error,
/// and every chunk's outcome. Shared by [`run_chunks`] and the JS API (whose workers take the
/// chunks in order, as [`for_each_chunk`]'s do).
pub struct Chunks<D> {
    fatal: Option<Error>,
    results: Vec<Option<Result<D, Error>>>,
}

impl<D> Chunks<D> {
    /// `n` chunks, none settled.
    pub fn new(n: usize) -> Self {
        let mut results = Vec::with_capacity(n);
        for _ in 0..n {
            results.push(None);
        }
        Chunks {
            fatal: None,
            results,
        }
    }

    /// Why chunk about to be sent must not be: `stop` (e.g. the caller aborted) or an earlier
    /// error that [`stops_batch`].
    pub fn skip(&self, stop: Option<Error>) -> Option<Error> {
        stop.or_else(|| self.fatal.clone())
    }

    /// Records chunk `i`'s outcome and returns it.
    pub fn done(&mut self, i: usize, r: Result<D, Error>) -> &Result<D, Error> {
        if let Err(e) = &r {
            if stops_batch(e) && self.fatal.is_none() {
                self.fatal = Some(e.clone());
            }
        }
        self.results[i].insert(r)
    }

    /// Every chunk's outcome, in chunk order (a chunk never run counts as failed).
    pub fn into_results(self) -> Vec<Result<D, Error>> {
        let mut out = Vec::with_capacity(self.results.len());
        for r in self.results {
            out.push(r.unwrap_or_else(|| Err(Error::new(ErrorCode::Network, "chunk not run"))));
        }
        out
    }
}

/// Runs `f(0..n)` with at most `concurrency` calls in flight, taking indices in order.
pub async fn for_each_chunk<F, Fut>(n: usize, concurrency: usize, f: F)
where
    F: Fn(usize) -> Fut,
    Fut: Future<Output = ()>,
{
    let next = Cell::new(0usize);
    let worker = || async {
        loop {
            let i = next.get();
            if i >= n {
                break;
            }
            next.set(i + 1);
            f(i).await;
        }
    };
    let workers = (0..concurrency.clamp(1, n.max(1)))
        .map(|_| Some(Box::pin(worker())))
        .collect();
    JoinAll(workers).await;
}

/// Sends `n` chunks (at most `concurrency` in flight) with `send(i)`, reporting each outcome to
/// `on_done` as it lands, and returns the outcomes in chunk order. After an error that
/// [`stops_batch`], or once `stop()` says so, the chunks not yet sent are not sent: they get that
/// error, so every chunk has an outcome.
pub async fn run_chunks<D, F, Fut>(
    n: usize,
    concurrency: usize,
    stop: impl Fn() -> Option<Error>,
    send: F,
    on_done: impl FnMut(usize, &Result<D, Error>),
) -> Vec<Result<D, Error>>
where
    F: Fn(usize) -> Fut,
    Fut: Future<Output = Result<D, Error>>,
{
    let state = RefCell::new(Chunks::new(n));
    let on_done = RefCell::new(on_done);
    for_each_chunk(n, concurrency, |i| {
        let (state, on_done, stop, send) = (&state, &on_done, &stop, &send);
        async move {
            let skip = state.borrow().skip(stop());
            let r = match skip {
                Some(e) => Err(e),
                None => send(i).await,
            };
            let mut s = state.borrow_mut();
            (on_done.borrow_mut())(i, s.done(i, r));
        }
    })
    .await;
    state.into_inner().into_results()
}

/// Drives a set of futures of one type to completion (all of `futures-util`'s `join_all` that we
/// need, without the crate in the wasm).
struct JoinAll<F>(Vec<Option<core::pin::Pin<Box<F>>>>);

impl<F: Future<Output = ()>> Future for JoinAll<F> {
    type Output = ();
    fn poll(
        self: core::pin::Pin<&mut Self>,
        cx: &mut core::task::Context<'_>,
    ) -> core::task::Poll<()> {
        let mut pending = false;
        for slot in self.get_mut().0.iter_mut() {
            if let Some(f) = slot {
                if f.as_mut().poll(cx).is_ready() {
                    *slot = None;
                } else {
                    pending = true;
                }
            }
        }
        if pending {
            core::task::Poll::Pending
        } else {
            core::task::Poll::Ready(())
        }
    }
}

/// Whether a failed chunk means the rest should not be sent (they would fail the same way).
pub fn stops_batch(e: &Error) -> bool {
    matches!(
        e.code(),
        ErrorCode::Unauthorized | ErrorCode::QuotaExceeded | ErrorCode::Aborted
    )
}

/// Progress of a many-item call, after each chunk.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
pub struct Progress {
    /// Inputs handled so far.
    pub done: usize,
    /// All inputs.
    pub total: usize,
    /// Created (or changed) so far.
    pub added: usize,
    /// Failed so far.
    pub failed: usize,
}

#[cfg(test)]
mod tests {
    use super::*;
    use core::task::{Context, Poll, Waker};

    /// Runs a future whose every await is already ready (no I/O in these tests).
    fn block_on<F: Future>(f: F) -> F::Output {
        let mut f = Box::pin(f);
        let mut cx = Context::from_waker(Waker::noop());
        loop {
            if let Poll::Ready(v) = f.as_mut().poll(&mut cx) {
                return v;
            }
        }
    }

    fn k(n: &str, c: &str) -> (String, String) {
        (n.to_string(), c.to_string())
    }

    #[test]
    fn chunk_ranges() {
        assert_eq!(chunks(0, 40), vec![]);
        assert_eq!(chunks(40, 40), vec![(0, 40)]);
        assert_eq!(chunks(81, 40), vec![(0, 40), (40, 80), (80, 81)]);
        assert_eq!(chunks(3, 0), vec![(0, 1), (1, 2), (2, 3)]);
        let total: usize = chunks(10_007, 40).iter().map(|(a, b)| b - a).sum();
        assert_eq!(total, 10_007);
    }

    #[test]
    fn every_input_is_accounted_for_once() {
        let inputs = vec![k("1", "dhl"), k("2", "dhl"), k("2", "dhl"), k("3", "ups")];
        let reported = vec![k("2", "dhl"), k("1", "dhl"), k("9", "dhl"), k("2", "dhl")];
        let (matched, missing) = reconcile(&inputs, &reported);
        assert_eq!(matched, vec![Some(1), Some(0), None, Some(2)]);
        assert_eq!(missing, vec![3]);
        // A corrected carrier still matches by number.
        let (m, miss) = reconcile(&[k("5", "dhl")], &[k("5", "dhl-germany")]);
        assert_eq!((m, miss), (vec![Some(0)], vec![]));
    }
    #[test]
    fn chunks_after_a_fatal_error_are_not_sent_but_still_accounted_for() {
        let sent = Cell::new(0);
        let mut seen = Vec::new();
        let send = |i: usize| {
            sent.set(sent.get() + 1);
            async move {
                if i == 1 {
                    Err(Error::new(ErrorCode::Unauthorized, "bad key"))
                } else {
                    Ok(i)
                }
            }
        };
        let out = block_on(run_chunks(
            5,
            1,
            || None,
            send,
            |i, r| seen.push((i, r.is_ok())),
        ));
        assert_eq!(sent.get(), 2, "chunks 2..4 were not sent");
        assert_eq!(out.len(), 5);
        assert_eq!(out[0].as_ref().ok(), Some(&0));
        assert!(out[1..]
            .iter()
            .all(|r| r.as_ref().err().map(Error::code) == Some(ErrorCode::Unauthorized)));
        assert_eq!(
            seen,
            vec![(0, true), (1, false), (2, false), (3, false), (4, false)]
        );
    }

    #[test]
    fn retryable_chunk_failures_do_not_stop_the_rest() {
        let send = |i: usize| async move {
            if i == 0 {
                Err(Error::new(ErrorCode::ServerError, "503"))
            } else {
                Ok(i)
            }
        };
        let out = block_on(run_chunks(3, 2, || None, send, |_, _| {}));
        assert!(out[0].is_err());
        assert!(out[1].is_ok() && out[2].is_ok());
    }

    #[test]
    fn a_stop_signal_skips_everything() {
        let send = |_i: usize| async { Ok::<_, Error>(()) };
        let out = block_on(run_chunks(
            3,
            1,
            || Some(Error::new(ErrorCode::Aborted, "stop")),
            send,
            |_, _| {},
        ));
        assert!(out
            .iter()
            .all(|r| r.as_ref().err().map(Error::code) == Some(ErrorCode::Aborted)));
    }

    #[test]
    fn chunk_bookkeeping_without_io() {
        let mut c: Chunks<u32> = Chunks::new(3);
        assert!(c.skip(None).is_none());
        c.done(0, Err(Error::new(ErrorCode::QuotaExceeded, "out")));
        let skip = c.skip(None).expect("a quota error stops the rest");
        assert_eq!(skip.code(), ErrorCode::QuotaExceeded);
        c.done(1, Err(skip));
        let aborted = Error::new(ErrorCode::Aborted, "stop");
        assert_eq!(c.skip(Some(aborted)).unwrap().code(), ErrorCode::Aborted);
        let out = c.into_results();
        assert_eq!(out.len(), 3, "a chunk never run still has an outcome");
        assert!(out.iter().all(Result::is_err));
    }
}
