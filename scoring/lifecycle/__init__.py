"""The ZI cycle after the TPI (issue 12): prerequisites, the proposal to TPN, its stages."""
