#include <locale.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "private.h"

size_t
utf8_check(const char *str, size_t len)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0;
	while (i < len) {
		/* Most text is ASCII: eight bytes at a time while no byte has
		 * its high bit set or is NUL, then straight to the first that does
		 * (the lowest flagged byte is exact; only later ones may not be). */
		const uint64_t ones = 0x0101010101010101u, highs = 0x8080808080808080u;
		uint64_t w, flagged = 0;
		while (len - i >= 8) {
			memcpy(&w, s + i, 8);
			if ((flagged = (w | ((w - ones) & ~w)) & highs)) {
				break;
			}
			i += 8;
		}
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
		if (flagged) {
			i += (size_t)__builtin_ctzll(flagged) / 8;
		}
#endif
		unsigned c = 0;
		while (i < len && (c = s[i]) >= 0x01 && c < 0x80) {
			i++;
		}
		if (i == len) {
			break;
		}
		size_t n;
		unsigned lo = 0x80, hi = 0xBF;	/* allowed range of the second byte */
		if (c >= 0xC2 && c <= 0xDF) {
			n = 2;
		} else if (c >= 0xE0 && c <= 0xEF) {
			n = 3;
			if (c == 0xE0) {
				lo = 0xA0;	/* overlong */
			} else if (c == 0xED) {
				hi = 0x9F;	/* UTF-16 surrogates */
			}
		} else if (c >= 0xF0 && c <= 0xF4) {
			n = 4;
			if (c == 0xF0) {
				lo = 0x90;	/* overlong */
			} else if (c == 0xF4) {
				hi = 0x8F;	/* above U+10FFFF */
			}
		} else {
			return i;	/* NUL, continuation byte, C0/C1 overlong, F5..FF */
		}
		if (len - i < n || s[i + 1] < lo || s[i + 1] > hi) {
			return i;
		}
		for (size_t k = 2; k < n; k++) {
			if ((s[i + k] & 0xC0) != 0x80) {
				return i;
			}
		}
		i += n;
	}
	return len;
}

void
text_position(const char *s, size_t off, long *line, long *col)
{
	long l = 1;
	size_t start = 0;
	for (size_t i = 0; i < off; i++) {
		if (s[i] == '\n') {
			l++;
			start = i + 1;
		}
	}
	*line = l;
	*col = (long)(off - start) + 1;
}

static bool
is_digit(char c)
{
	return c >= '0' && c <= '9';
}

/* Correctly rounded for up to 15 significant digits and a decimal exponent
 * within +-22, where both the mantissa and the power of ten are exact doubles;
 * anything else goes to strtod in the C locale. */
bool
parse_number(const char *s, size_t len, double *out)
{
	static const double pow10[] = {
		1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
		1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
	};
	size_t i = 0;
	bool neg = false;
	if (i < len && (s[i] == '-' || s[i] == '+')) {
		neg = s[i] == '-';
		i++;
	}
	uint64_t mant = 0;
	int digits = 0, scale = 0;
	size_t int_start = i;
	for (; i < len && is_digit(s[i]); i++) {
		if (digits < 19) {
			mant = mant * 10 + (uint64_t)(s[i] - '0');
			digits += mant > 0;
		} else {
			scale++;
		}
	}
	bool has_int = i > int_start;
	bool has_frac = false;
	if (i < len && s[i] == '.') {
		i++;
		size_t frac_start = i;
		for (; i < len && is_digit(s[i]); i++) {
			if (digits < 19) {
				mant = mant * 10 + (uint64_t)(s[i] - '0');
				digits += mant > 0;
				scale--;
			}
		}
		has_frac = i > frac_start;
	}
	if (!has_int && !has_frac) {
		return false;
	}
	if (i < len && (s[i] == 'e' || s[i] == 'E')) {
		i++;
		bool eneg = false;
		if (i < len && (s[i] == '-' || s[i] == '+')) {
			eneg = s[i] == '-';
			i++;
		}
		if (i == len || !is_digit(s[i])) {
			return false;
		}
		int e = 0;
		for (; i < len && is_digit(s[i]); i++) {
			if (e < 100000) {
				e = e * 10 + (s[i] - '0');
			}
		}
		scale += eneg ? -e : e;
	}
	if (i != len) {
		return false;
	}
	double v;
	if (digits <= 15 && scale >= -22 && scale <= 22) {
		v = scale < 0 ? (double)mant / pow10[-scale] : (double)mant * pow10[scale];
	} else {
		char buf[512];
		if (len >= sizeof(buf)) {
			return false;
		}
		memcpy(buf, s, len);
		buf[len] = '\0';
		locale_t c = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
		if (!c) {
			return false;
		}
		locale_t old = uselocale(c);
		v = strtod(buf, NULL);
		uselocale(old);
		freelocale(c);
		if (!isfinite(v)) {
			return false;
		}
		*out = v;
		return true;
	}
	*out = neg ? -v : v;
	return true;
}

bool
is_id(const char *s, bool allow_hyphen)
{
	if (!(*s >= 'a' && *s <= 'z')) {
		return false;
	}
	for (s++; *s; s++) {
		if (!((*s >= 'a' && *s <= 'z') || is_digit(*s) || *s == '_' ||
		      (allow_hyphen && *s == '-'))) {
			return false;
		}
	}
	return true;
}

bool
is_survey_id(const char *s)
{
	static const char rest[] = "abcdefghijklmnopqrstuvwxyz0123456789_-";
	return (is_digit(*s) || (*s >= 'a' && *s <= 'z')) && strspn(s + 1, rest) == strlen(s + 1);
}

bool
is_date(const char *s)
{
	static const int days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	for (int i = 0; i < 10; i++) {
		if (i == 4 || i == 7 ? s[i] != '-' : !is_digit(s[i])) {
			return false;
		}
	}
	if (s[10]) {
		return false;
	}
	int y = (s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0');
	int m = (s[5] - '0') * 10 + (s[6] - '0'), d = (s[8] - '0') * 10 + (s[9] - '0');
	if (m < 1 || m > 12 || d < 1) {
		return false;
	}
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
	return d <= days[m - 1] + (m == 2 && leap);
}

const char *
trim(const char *s, size_t *len)
{
	size_t n = *len;
	while (n && (*s == ' ' || *s == '\t')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t')) {
		n--;
	}
	*len = n;
	return s;
}

size_t
percent_len(const char *s, size_t len)
{
	/* one sign only: "45%%" is a typing slip, better refused than read */
	if (len && s[len - 1] == '%') {
		len--;
		while (len && (s[len - 1] == ' ' || s[len - 1] == '\t')) {
			len--;
		}
	}
	return len;
}

/* Length of the UTF-8 character at s (at most len bytes), 0 when the bytes
 * there are not a valid one. */
static size_t
utf8_char_len(const char *s, size_t len)
{
	unsigned char c = (unsigned char)s[0];
	size_t n = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
	return n <= len && utf8_check(s, n) == n ? n : 0;
}

void
cut_vprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	int wanted = vsnprintf(buf, size, fmt, ap);
	if (size < 4 || wanted < 0 || (size_t)wanted < size) {
		return;
	}
	size_t o = size - 4;
	while (o > 0 && ((unsigned char)buf[o] & 0xC0) == 0x80) {
		o--;	/* back to the first byte of the character cut */
	}
	memcpy(buf + o, "...", 4);
}

void
cut_printf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cut_vprintf(buf, size, fmt, ap);
	va_end(ap);
}

size_t
control_escape(char esc[8], const char *s, size_t len)
{
	unsigned char c = (unsigned char)s[0];
	esc[0] = '\0';
	if (c >= 0x20 && c < 0x7F) {
		return 1;	/* most text: printable ASCII, at once */
	}
	size_t n = c == 0xC2 && len < 2 ? 0 : control_len(s);	/* no byte past len read */
	if (n == 2) {
		snprintf(esc, 8, "\\u%04x", (unsigned char)s[1]);	/* C1, U+0080..U+009F */
	} else if (n == 1 || c == 0 || (n = utf8_char_len(s, len)) == 0) {
		snprintf(esc, 8, "\\x%02x", c);	/* C0, DEL, NUL, not UTF-8 */
		n = 1;
	}
	return n;
}

bool
has_controls(const char *v, size_t len, bool lines)
{
	/* Every field of every row comes here, and most are printable ASCII:
	 * eight bytes at a time, "a byte below 0x20 or above 0x7e" by the bit
	 * tricks of has_less() and has_more() (Anderson's Bit Twiddling Hacks). */
	const uint64_t ones = 0x0101010101010101u, highs = ones * 0x80;
	const unsigned char *u = (const unsigned char *)v;
	for (size_t i = 0; i < len;) {
		if (i + 8 <= len) {
			uint64_t x;
			memcpy(&x, u + i, 8);
			uint64_t m = (((x - ones * 0x20) & ~x) | ((x + ones) | x)) & highs;
			if (!m) {
				i += 8;
				continue;
			}
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
			/* the lowest flag is exact (a borrow or carry goes upwards):
			 * the bytes before it are printable */
			i += (size_t)__builtin_ctzll(m) / 8;
#endif
		}
		unsigned char c = u[i++];	/* then eight at a time again */
		if (c < 0x20 ? !(lines && (c == '\t' || c == '\n' || c == '\r'))
			     : c == 0x7F || (c == 0xC2 && i < len && u[i] < 0xA0)) {
			return true;	/* C0, DEL, or C1: U+0080..U+009F is C2 80..9F */
		}
	}
	return false;
}

size_t
escape_controls(char *out, const char *s, size_t len)
{
	size_t o = 0;
	for (size_t i = 0; i < len;) {
		char esc[8];
		size_t n = control_escape(esc, s + i, len - i);
		const char *shown = esc[0] ? esc : s + i;
		size_t w = esc[0] ? strlen(esc) : n;
		memcpy(out + o, shown, w);
		o += w;
		i += n;
	}
	out[o] = '\0';
	return o;
}

void
put_text(FILE *fp, const char *s, enum markup m)
{
	put_text_len(fp, s, strlen(s), m);
}

void
put_text_len(FILE *fp, const char *s, size_t len, enum markup m)
{
	static const char *const entity[128] = {
		['&'] = "&amp;", ['<'] = "&lt;", ['>'] = "&gt;", ['"'] = "&quot;", ['\''] = "&#39;",
	};
	size_t run = 0;	/* where the text shown as it is starts: one write for it */
	for (size_t i = 0, n; i < len; i += n) {
		char esc[8];
		n = control_escape(esc, s + i, len - i);
		unsigned char c = (unsigned char)s[i];
		bool html = m == MARKUP_HTML && c < 128 && entity[c];
		bool md = m == MARKUP_MD && c && strchr("\\`*_[]<>|#&", c);
		if (!esc[0] && !html && !md) {
			continue;
		}
		fwrite(s + run, 1, i - run, fp);
		run = i + n;
		if (esc[0]) {
			fputs(esc, fp);
		} else if (html) {
			fputs(entity[c], fp);
		} else {
			putc('\\', fp);	/* CommonMark: a backslash makes it literal */
			putc(c, fp);
		}
	}
	fwrite(s + run, 1, len - run, fp);
}

void
vmat_fput_text(FILE *fp, const char *s)
{
	put_text(fp, s, MARKUP_NONE);
}

const char *
quote_value(char *buf, size_t size, const char *s, size_t len)
{
	enum { MAX_SHOWN = 60 };	/* bytes of s shown at most */
	enum { TAIL = 3 + 1 + 1 };	/* "...", the closing quote, NUL */
	if (size < 1 + TAIL) {
		if (size > 0) {
			buf[0] = '\0';
		}
		return buf;
	}
	/* Whole characters only, so that a cut falls between two of them and
	 * the message stays valid UTF-8 whichever limit ends it. keep is the
	 * last character boundary that still leaves room for TAIL: a cut goes
	 * back to it. */
	size_t o = 0, keep = 1;
	bool cut = false;
	buf[o++] = '"';
	for (size_t i = 0; i < len;) {
		unsigned char c = (unsigned char)s[i];
		char esc[8];
		size_t n = control_escape(esc, s + i, len - i), w = n;
		const char *out = s + i;
		if (c == '"' || c == '\\') {
			esc[0] = '\\';
			esc[1] = (char)c;
			esc[2] = '\0';
		}
		if (esc[0]) {
			out = esc;
			w = strlen(esc);
		}
		if (i + n > MAX_SHOWN || o + w + 2 > size) {
			cut = true;
			break;
		}
		memcpy(buf + o, out, w);
		o += w;
		i += n;
		if (o + TAIL <= size) {
			keep = o;
		}
	}
	if (cut) {
		o = keep;
		memcpy(buf + o, "...", 3);
		o += 3;
	}
	buf[o++] = '"';
	buf[o] = '\0';
	return buf;
}

/* FNV-1a, twice with different offsets: not cryptographic, only stable, so
 * that the same row gets the same id on every run (reference §3). */
void
derive_id(char out[37], const void *data, size_t len)
{
	const unsigned char *p = data;
	uint64_t h1 = 0xcbf29ce484222325u, h2 = 0x84222325cbf29ce4u;
	for (size_t i = 0; i < len; i++) {
		h1 = (h1 ^ p[i]) * 0x100000001b3u;
		h2 = (h2 ^ p[i]) * 0x100000001b3u;
		h2 ^= h2 >> 29;
	}
	/* RFC 9562 layout: version 8 (custom), variant 10. */
	snprintf(out, 37, "%08x-%04x-8%03x-%04x-%012llx", (unsigned)(h1 >> 32),
		 (unsigned)(h1 >> 16) & 0xffff, (unsigned)h1 & 0xfff,
		 0x8000 | ((unsigned)(h2 >> 48) & 0x3fff),
		 (unsigned long long)(h2 & 0xffffffffffffu));
}

/* Latin-1 letters U+00C0..U+00FF without their accents, for file names. */
static const char *const latin1[64] = {
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "ss",
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", "", "o", "u", "u", "u", "u", "y", "th", "y",
};

void
slug(char *out, size_t max, const char *s)
{
	size_t o = 0;
	bool dash = false;
	for (; *s && o + 1 < max; s++) {
		char c = *s, one[2] = { 0 };
		const char *letters = one;
		unsigned char u = (unsigned char)c, next = (unsigned char)s[1];
		if (c >= 'A' && c <= 'Z') {
			one[0] = (char)(c - 'A' + 'a');
		} else if ((c >= 'a' && c <= 'z') || is_digit(c)) {
			one[0] = c;
		} else if (u == 0xC3 && next >= 0x80 && next <= 0xBF) {
			letters = latin1[next - 0x80];	/* U+00C0..U+00FF */
			s++;
		}
		if (!*letters) {
			dash = true;
			continue;
		}
		if (dash && o > 0 && o + 2 < max) {
			out[o++] = '-';
		}
		for (; *letters && o + 1 < max; letters++) {
			out[o++] = *letters;
		}
		dash = false;
	}
	out[o] = '\0';
	if (o == 0) {
		snprintf(out, max, "response");
	}
}

void
dated_name(char *out, size_t size, const char *date, const char *customer)
{
	char who[48];
	slug(who, sizeof(who), customer ? customer : "");
	snprintf(out, size, "%s-%s", date && is_date(date) ? date : "undated", who);
}

void
response_name(char *out, size_t size, const char *date, const char *customer, const char *id)
{
	char id8[9];
	size_t k = 0;
	for (const char *p = id ? id : ""; *p && k < 8; p++) {
		if ((*p >= '0' && *p <= '9') || (*p >= 'a' && *p <= 'f')) {
			id8[k++] = *p;
		}
	}
	id8[k] = '\0';
	dated_name(out, size, date, customer);
	size_t n = strlen(out);
	snprintf(out + n, size > n ? size - n : 0, "-%s", k ? id8 : "noid");
}

/* Levenshtein distance, on bytes, with one row of the table. */
static size_t
distance(const char *a, const char *b)
{
	size_t n = strlen(b);
	size_t *row = malloc((n + 1) * sizeof(*row));
	if (!row) {
		return SIZE_MAX;
	}
	for (size_t j = 0; j <= n; j++) {
		row[j] = j;
	}
	for (size_t i = 1; a[i - 1]; i++) {
		size_t diag = row[0];
		row[0] = i;
		for (size_t j = 1; j <= n; j++) {
			size_t up = row[j];
			size_t best = diag + (a[i - 1] != b[j - 1]);
			best = up + 1 < best ? up + 1 : best;
			best = row[j - 1] + 1 < best ? row[j - 1] + 1 : best;
			row[j] = best;
			diag = up;
		}
	}
	size_t d = row[n];
	free(row);
	return d;
}

const char *
vmat_nearest(const char *word, const char *const *candidates, size_t n)
{
	const char *best = NULL;
	size_t best_d = SIZE_MAX;
	for (size_t i = 0; i < n; i++) {
		size_t d = distance(word, candidates[i]);
		if (d < best_d) {
			best_d = d;
			best = candidates[i];
		}
	}
	/* close enough to be a typo: a third of the word at most */
	return best && best_d <= (strlen(best) + 2) / 3 ? best : NULL;
}

size_t
control_len(const char *s)
{
	unsigned char c = (unsigned char)s[0];
	if (c < 0x20 || c == 0x7F) {
		return c ? 1 : 0;
	}
	/* C1, U+0080..U+009F: terminals take some of them (CSI) as ESC [ */
	return c == 0xC2 && (unsigned char)s[1] >= 0x80 && (unsigned char)s[1] <= 0x9F ? 2 : 0;
}
