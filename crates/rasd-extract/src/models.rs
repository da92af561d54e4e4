//! The learned decisions (stub while the stages are split).

use crate::analysis::Analysis;
use crate::decide::{rule_verdict, Verdict};
use crate::propose::{Proposal, Proposals};

/// The models of the decisions.
#[derive(Debug, Default)]
pub(crate) struct Models;

impl Models {
    pub(crate) fn verdict(&self, _: &Analysis, _: &Proposals, p: &Proposal) -> Verdict {
        rule_verdict(p)
    }
}
