# R's survey package as the oracle of tests/stats/test_r_oracle.py.
#
# Rscript r_oracle.R DIR reads DIR/rows.csv (every case of a batch, one row per respondent)
# and DIR/margins.csv (population totals), and writes DIR/estimates.csv (shares and means by
# domain, with SE, degrees of freedom and intervals) and DIR/weights.csv (calibrated weights).
suppressMessages(library(survey))
options(survey.lonely.psu = "fail", warn = 1)

LEVEL <- 0.95
args <- commandArgs(trailingOnly = TRUE)
dir <- args[1]
rows <- read.csv(file.path(dir, "rows.csv"), stringsAsFactors = FALSE)
margins <- read.csv(file.path(dir, "margins.csv"), stringsAsFactors = FALSE)

# Korn-Graubard from R's own pieces (svymean's variance, degf, qt, qbeta), for the cells where
# svyciprop(method = "beta") cannot be called as it stands: where the variance is zero (p = 0
# or 1, or every stratum of the domain constant) its n.eff is 0/0 or infinite, and on a
# calibrated domain its nrow(design) counts the rows outside the domain. Without variance the
# design effect is taken as 1 (n.eff = n), the rule of docs/methodology.md.
korn_graubard <- function(p, v, n, df) {
  alpha <- 1 - LEVEL
  if (no_variance(p, v)) {
    n_eff <- n
    if (at_bound(p)) p <- round(p)
  } else {
    n_eff <- p * (1 - p) / v
  }
  n_eff <- n_eff * (qt(alpha / 2, n - 1) / qt(alpha / 2, df))^2
  c(qbeta(alpha / 2, n_eff * p, n_eff * (1 - p) + 1),
    qbeta(1 - alpha / 2, n_eff * p + 1, n_eff * (1 - p)))
}

# svymean sums w * y by matrix products: an all-1 domain can come out as 1 - 1e-16, and a
# variance that is zero as 1e-38 (1e-24 after raking), where n.eff = p (1 - p) / var is noise.
# The thresholds are those of barometre.stats.proportions (ROUNDING, ZERO_SE).
at_bound <- function(p) min(p, 1 - p) < 1e-12
no_variance <- function(p, v) at_bound(p) || sqrt(max(v, 0)) <= 1e-6 * sqrt(p * (1 - p))

designs <- function(d, m) {
  base <- svydesign(ids = ~psu, strata = ~stratum, weights = ~w, fpc = ~N, data = d)
  strata <- m[m$margin == "stratum", ]
  groups <- m[m$margin == "g", ]
  by_stratum <- data.frame(stratum = strata$level, Freq = strata$total)
  by_group <- data.frame(g = groups$level, Freq = groups$total)
  totals <- c(`(Intercept)` = m$total[m$margin == "intercept"], z = m$total[m$margin == "z"])
  list(
    plain = base,
    poststratified = postStratify(base, ~stratum, by_stratum),
    raked = rake(base, list(~stratum, ~g), list(by_stratum, by_group),
                 control = list(maxit = 1000, epsilon = 1e-10, verbose = FALSE)),
    calibrated = calibrate(base, ~z, totals, calfun = "raking", epsilon = 1e-12, maxit = 100)
  )
}

record <- function(case, design, domain, statistic, value, se, df, n, interval) {
  data.frame(case = case, design = design, domain = domain, statistic = statistic,
             value = value, se = se, df = df, n = n, low = interval[1], high = interval[2])
}

shares <- function(des, name, case, domain, keep) {
  s <- des[keep, ]
  m <- svymean(~y, s, na.rm = TRUE)
  p <- unname(coef(m))
  v <- unname(vcov(m))[1]
  df <- degf(s)
  n <- sum(keep)
  interior <- !no_variance(p, v)
  beta <- if (name == "plain" && interior) {
    as.vector(attr(svyciprop(~y, s, method = "beta", na.rm = TRUE), "ci"))
  } else {
    korn_graubard(p, v, n, df)
  }
  xlogit <- if (!at_bound(p)) {
    as.vector(attr(svyciprop(~y, s, method = "xlogit", df = df, na.rm = TRUE), "ci"))
  } else {
    c(NA, NA)
  }
  rbind(record(case, name, domain, "beta", p, sqrt(max(v, 0)), df, n, beta),
        record(case, name, domain, "xlogit", p, sqrt(max(v, 0)), df, n, xlogit))
}

means <- function(des, name, case, domain, keep) {
  s <- des[keep, ]
  m <- svymean(~x, s, na.rm = TRUE)
  df <- degf(s)
  interval <- as.vector(confint(m, level = LEVEL, df = df))
  se <- sqrt(max(unname(vcov(m))[1], 0))
  record(case, name, domain, "mean", unname(coef(m)), se, df, sum(keep), interval)
}

estimates <- list()
weights_out <- list()
for (case in unique(rows$case)) {
  d <- rows[rows$case == case, ]
  all_designs <- designs(d, margins[margins$case == case, ])
  for (name in names(all_designs)) {
    des <- all_designs[[name]]
    weights_out[[length(weights_out) + 1]] <- data.frame(
      case = case, design = name, row = d$row, weight = unname(weights(des))
    )
    for (domain in c("ensemble", sort(unique(d$dom)))) {
      inside <- if (domain == "ensemble") rep(TRUE, nrow(d)) else d$dom == domain
      if (any(inside & !is.na(d$y))) {
        estimates[[length(estimates) + 1]] <- shares(des, name, case, domain, inside & !is.na(d$y))
      }
      if (any(inside & !is.na(d$x))) {
        estimates[[length(estimates) + 1]] <- means(des, name, case, domain, inside & !is.na(d$x))
      }
    }
  }
}
write.csv(do.call(rbind, estimates), file.path(dir, "estimates.csv"), row.names = FALSE)
write.csv(do.call(rbind, weights_out), file.path(dir, "weights.csv"), row.names = FALSE)
