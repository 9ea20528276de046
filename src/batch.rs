//! Chunking and the accounting that makes sure no item of a batch is ever lost.

/// Splits `len` items into `(start, end)` ranges of at most `size`.
pub fn chunks(len: usize, size: usize) -> Vec<(usize, usize)> {
    let size = size.max(1);
    (0..len)
        .step_by(size)
        .map(|s| (s, (s + size).min(len)))
        .collect()
}

/// Matches the items the API mentioned (`reported`, by `(tracking_number, carrier_code)`) against
/// the chunk's inputs, each input at most once. Returns, for each reported item, the input index it
/// matched (or `None`), and the indices of inputs that nothing mentioned.
pub fn reconcile(
    inputs: &[(String, String)],
    reported: &[(String, String)],
) -> (Vec<Option<usize>>, Vec<usize>) {
    let mut used = vec![false; inputs.len()];
    let matched = reported
        .iter()
        .map(|r| {
            let hit = inputs
                .iter()
                .enumerate()
                .position(|(i, k)| !used[i] && k == r);
            // Tolerate a carrier the API corrected (auto-correct): fall back to the number alone.
            let hit = hit.or_else(|| {
                inputs
                    .iter()
                    .enumerate()
                    .position(|(i, k)| !used[i] && k.0 == r.0)
            });
            if let Some(i) = hit {
                used[i] = true;
            }
            hit
        })
        .collect();
    let missing = used
        .iter()
        .enumerate()
        .filter(|(_, u)| !**u)
        .map(|(i, _)| i)
        .collect();
    (matched, missing)
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
