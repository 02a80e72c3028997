"""Each authority's own report (« restitution »): its maturity by theme beside its peers'."""
