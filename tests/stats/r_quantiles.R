suppressMessages(library(survey))
d <- read.csv(commandArgs(TRUE)[1])
des <- svydesign(ids=~psu, strata=~stratum, weights=~w, data=d)
sub <- subset(des, dom == 1)
for (p in c(0.25, 0.5, 0.75)) {
  r <- svyquantile(~y, sub, p, ci=TRUE, interval.type="mean")
  cat(sprintf("%.12g,%.12g,%.12g\n", r$y[1,1], r$y[1,2], r$y[1,3]))
}
