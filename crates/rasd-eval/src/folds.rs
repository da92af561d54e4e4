//! k-fold cross-validation by article: which documents each fold holds out.

/// The fold (0..k) of the document at `index` of a corpus, for `k` folds: documents are dealt
/// round-robin in corpus order, so each fold is a spread sample of every batch and outlet and
/// the split depends only on the order of the corpus files.
pub fn fold_of(index: usize, k: usize) -> usize {
    index % k.max(1)
}

#[cfg(test)]
mod tests {
    #[test]
    fn every_document_is_held_out_once() {
        let k = 5;
        let mut held = [0; 23];
        for fold in 0..k {
            for (i, h) in held.iter_mut().enumerate() {
                if super::fold_of(i, k) == fold {
                    *h += 1;
                }
            }
        }
        assert!(held.iter().all(|&h| h == 1));
    }
}
