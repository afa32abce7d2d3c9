/* The 95% intervals of the report's figures (reference §5 "Intervals"):
 * Wilson's for a share, Student's t for a mean. */
#define _DEFAULT_SOURCE	/* lgamma_r(): lgamma() writes the global signgam */
#include <math.h>
#include <stdlib.h>

#include "private.h"

#define Z975 1.959963984540054	/* the normal distribution's 0.975 quantile */

void
stats_wilson(size_t k, size_t n, double *lo, double *hi)
{
	if (n == 0) {
		*lo = *hi = NAN;
		return;
	}
	double nn = (double)n, p = (double)k / nn, z2 = Z975 * Z975;
	double centre = (p + z2 / (2 * nn)) / (1 + z2 / nn);
	double half = Z975 / (1 + z2 / nn) * sqrt(p * (1 - p) / nn + z2 / (4 * nn * nn));
	*lo = fmax(0, centre - half);
	*hi = fmin(1, centre + half);
}

/* The continued fraction of the incomplete beta function (modified Lentz),
 * which converges fast for x < (a + 1) / (a + b + 2). */
static double
beta_fraction(double a, double b, double x)
{
	const double tiny = 1e-300;
	double c = 1, d = 1 - (a + b) * x / (a + 1);
	d = 1 / (fabs(d) < tiny ? tiny : d);
	double f = d;
	for (int m = 1; m <= 300; m++) {
		for (int odd = 0; odd < 2; odd++) {
			double num = odd ? -(a + m) * (a + b + m) * x / ((a + 2 * m) * (a + 2 * m + 1))
					 : m * (b - m) * x / ((a + 2 * m - 1) * (a + 2 * m));
			d = 1 + num * d;
			d = 1 / (fabs(d) < tiny ? tiny : d);
			c = 1 + num / c;
			c = fabs(c) < tiny ? tiny : c;
			f *= c * d;
		}
		if (fabs(c * d - 1) < 1e-16) {
			break;
		}
	}
	return f;
}

/* The regularized incomplete beta function I_x(a, b). */
static double
beta_regularized(double a, double b, double x)
{
	if (x <= 0 || x >= 1) {
		return x <= 0 ? 0 : 1;
	}
	int sign;
	double front = exp(lgamma_r(a + b, &sign) - lgamma_r(a, &sign) - lgamma_r(b, &sign) +
			   a * log(x) + b * log1p(-x));
	return x < (a + 1) / (a + b + 2) ? front * beta_fraction(a, b, x) / a
					 : 1 - front * beta_fraction(b, a, 1 - x) / b;
}

/* Student's t 0.975 quantile for df degrees of freedom: the t whose two
 * tails hold 5%, I_{df/(df+t^2)}(df/2, 1/2) = 0.05, found by bisection on
 * x = df/(df+t^2) (the function rises with x). */
static double
t975_compute(double df)
{
	double lo = 0, hi = 1;
	for (int i = 0; i < 200 && hi - lo > 1e-17; i++) {
		double mid = (lo + hi) / 2;
		if (beta_regularized(df / 2, 0.5, mid) < 0.05) {
			lo = mid;
		} else {
			hi = mid;
		}
	}
	double x = (lo + hi) / 2;
	return sqrt(df * (1 - x) / x);
}

double
stats_t975(size_t df)
{
	/* A report asks the same few degrees of freedom again and again (one
	 * per group size): those of small groups are kept, per thread. */
	enum { KEPT = 1024 };
	static _Thread_local double kept[KEPT];
	if (df == 0) {
		return NAN;
	}
	if (df >= KEPT) {
		return t975_compute((double)df);
	}
	if (kept[df] == 0) {
		kept[df] = t975_compute((double)df);
	}
	return kept[df];
}

void
stats_mean_interval(double mean, double variance, size_t n, double *lo, double *hi)
{
	if (n < 2 || isnan(mean) || isnan(variance)) {
		*lo = *hi = NAN;
		return;
	}
	double half = stats_t975(n - 1) * sqrt(fmax(variance, 0) / (double)n);
	*lo = mean - half;
	*hi = mean + half;
}
