/* Numbers and CSV cells as reference §6 writes them. One formatter for every
 * output, so that CSV, JSON and chart data agree byte for byte. */
#include <locale.h>
#include <math.h>
#include <string.h>

#include "private.h"

/* printf of one double with "." as the decimal point, whatever the caller's
 * locale: uselocale() is per thread, so other threads are not disturbed. */
int
c_locale_format(char *buf, size_t size, char conversion, int precision, double v)
{
	int n = -1;
	buf[0] = '\0';
	locale_t c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	if (c) {
		locale_t old = uselocale(c);
		if (conversion == 'e') {
			n = snprintf(buf, size, "%.*e", precision, v);
		} else if (conversion == 'f') {
			n = snprintf(buf, size, "%.*f", precision, v);
		} else {
			n = snprintf(buf, size, "%.*g", precision, v);
		}
		uselocale(old);
		freelocale(c);
	}
	return n;
}

char *
vmat_fmt_number(char buf[32], double v)
{
	buf[0] = '\0';
	if (!isfinite(v)) {
		return buf;
	}
	/* Integer arithmetic, not printf("%f"), which would write the decimal
	 * point of the caller's locale. */
	double scaled = round(v * 1e4);
	if (fabs(scaled) < 9e15) {
		unsigned long long u = (unsigned long long)fabs(scaled);
		char digits[24], *p = digits + sizeof(digits);
		*--p = '\0';
		int places = 0;
		/* Fraction digits from the right, trailing zeros dropped. */
		for (; places < 4; places++, u /= 10) {
			if (u % 10 != 0 || p != digits + sizeof(digits) - 1) {
				*--p = (char)('0' + u % 10);
			}
		}
		if (*p) {
			*--p = '.';
		}
		do {
			*--p = (char)('0' + u % 10);
			u /= 10;
		} while (u);
		if (scaled < 0) {
			*--p = '-';
		}
		memcpy(buf, p, (size_t)(digits + sizeof(digits) - p));
		return buf;
	}
	/* From 9e11 on (answers such as bytes of storage, never a score), v * 1e4
	 * is no longer exact in the integers above: printf rounds instead. Plain
	 * digits still, as reference §6 asks, whenever they fit. */
	int n = c_locale_format(buf, 32, 'f', 4, v);
	if (n > 0 && n < 32) {
		char *p = buf + n;
		while (p[-1] == '0') {
			p--;
		}
		if (p[-1] == '.') {
			p--;
		}
		*p = '\0';
		return buf;
	}
	/* Beyond 1e25 or so, where 31 bytes do not hold the digits: C locale
	 * exponent notation, which reads back to within 1e-6. */
	c_locale_format(buf, 32, 'e', 6, v);
	return buf;
}

static bool
formula_start(char c)
{
	return c && strchr("=+-@\t\r\n", c);
}

/* reference §6: the formula guard, and the cells it must also prefix so that
 * dropping one "'" on read is its exact inverse. */
static bool
needs_guard(const char *s, size_t len)
{
	return len > 0 && (formula_start(s[0]) ||
			   (s[0] == '\'' && len > 1 && (formula_start(s[1]) || s[1] == '\'')));
}

size_t
vmat_csv_unguard(const char *s, size_t len)
{
	return len >= 2 && s[0] == '\'' && (formula_start(s[1]) || s[1] == '\'');
}

void
vmat_csv_cell(FILE *fp, const char *s, size_t len, bool guard)
{
	bool quote = false;
	for (size_t i = 0; i < len && !quote; i++) {
		quote = s[i] == ',' || s[i] == '"' || s[i] == '\r' || s[i] == '\n';
	}
	if (quote) {
		putc('"', fp);
	}
	if (guard && needs_guard(s, len)) {
		putc('\'', fp);
	}
	if (!quote) {
		fwrite(s, 1, len, fp);
		return;
	}
	for (const char *p = s, *end = s + len; p < end;) {
		const char *q = memchr(p, '"', (size_t)(end - p));
		size_t n = q ? (size_t)(q - p) + 1 : (size_t)(end - p);
		fwrite(p, 1, n, fp);
		if (q) {
			putc('"', fp);	/* RFC 4180: an inner quote is doubled */
		}
		p += n;
	}
	putc('"', fp);
}

void
json_string(FILE *fp, const char *s, size_t len)
{
	putc('"', fp);
	const char *run = s;	/* written in runs: one call per escape, not per byte */
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];
		char u[8];
		const char *esc = ch == '"' ? "\\\"" : ch == '\\' ? "\\\\" : ch == '\n' ? "\\n"
				: ch == '\t' ? "\\t" : ch == '\r' ? "\\r" : NULL;
		if (!esc && (ch < 0x20 || ch == 0x7F)) {
			snprintf(u, sizeof(u), "\\u%04x", ch);
			esc = u;
		}
		if (esc) {
			fwrite(run, 1, (size_t)(s + i - run), fp);
			fputs(esc, fp);
			run = s + i + 1;
		}
	}
	fwrite(run, 1, (size_t)(s + len - run), fp);
	putc('"', fp);
}

char *
fmt_exact(char buf[40], double v)
{
	/* Answers are written back as given: integers plainly, other values
	 * with as many digits as it takes to read back the same double. */
	double back;
	vmat_fmt_number(buf, v);
	if (parse_number(buf, strlen(buf), &back) && back == v) {
		return buf;
	}
	c_locale_format(buf, 40, 'g', 17, v);
	return buf;
}
