/* Customer keys (reference §9): the same customer under the spellings SEs
 * type, so that interviews of one customer can be followed from one to the
 * next. "Banco del Sur, S.A." and "BANCO DEL SUR SA" have the key
 * "banco del sur".
 *
 * Folding, code point by code point: letters lower-cased and, for Latin-1
 * and Latin Extended-A, without accents ("Ñuñoa" is "nunoa", "Łódź"
 * "lodz", "ß" "ss"); Greek, Cyrillic and Latin Extended Additional letters
 * lower-cased; ".", "'" and the typographic apostrophes dropped, so that
 * "S.A." is "sa" and "O'Brien" or "O’Brien" "obrien"; any other
 * punctuation or space, ASCII or not (the no-break space, dashes, «», ¡),
 * separates words, one space between them; anything else kept as it is.
 * Then the legal forms at the end (legal_forms below) are dropped, as long
 * as a word is left. Dropping one joins names that differ in more than
 * case, accents and punctuation ("Acme" and "Acme Inc"), which the caller
 * should say: customer_key() tells it. */
#include <string.h>

#include "private.h"

/* Legal forms, folded, as the last words of a name; the longer first. */
#define F(s) { s, sizeof(s) - 1 }
static const struct {
	const char *s;
	size_t n;
} legal_forms[] = {
	F("sa de cv"), F("s de rl de cv"), F("s de rl"), F("sp z oo"), F("pty ltd"), F("pvt ltd"),
	F("pte ltd"), F("co ltd"), F("co inc"), F("sa"), F("sac"), F("saa"), F("sas"), F("sl"),
	F("srl"), F("spa"), F("ltda"), F("ltd"), F("limited"), F("llc"), F("llp"), F("lp"),
	F("inc"), F("incorporated"), F("corp"), F("corporation"), F("co"), F("company"), F("plc"),
	F("gmbh"), F("ag"), F("kg"), F("bv"), F("nv"), F("as"), F("asa"), F("ab"), F("oy"),
	F("eirl"),
};
#undef F

/* Latin-1 letters U+00C0..U+00FF, lower-case, without their accents. */
static const char *const latin1[64] = {
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", " ", "o", "u", "u", "u", "u", "y", "th", "ss",
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", " ", "o", "u", "u", "u", "u", "y", "th", "y",
};

/* Latin Extended-A, U+0100..U+017F, lower-case, without their accents. */
static const char *const latin_ext_a[128] = {
	"a", "a", "a", "a", "a", "a", "c", "c", "c", "c", "c", "c", "c", "c", "d", "d",
	"d", "d", "e", "e", "e", "e", "e", "e", "e", "e", "e", "e", "g", "g", "g", "g",
	"g", "g", "g", "g", "h", "h", "h", "h", "i", "i", "i", "i", "i", "i", "i", "i",
	"i", "i", "ij", "ij", "j", "j", "k", "k", "k", "l", "l", "l", "l", "l", "l", "l",
	"l", "l", "l", "n", "n", "n", "n", "n", "n", "n", "n", "n", "o", "o", "o", "o",
	"o", "o", "oe", "oe", "r", "r", "r", "r", "r", "r", "s", "s", "s", "s", "s", "s",
	"s", "s", "t", "t", "t", "t", "t", "t", "u", "u", "u", "u", "u", "u", "u", "u",
	"u", "u", "u", "u", "w", "w", "y", "y", "y", "z", "z", "z", "z", "z", "z", "s",
};

/* Appends text to out[*o..] (size bytes in all), a space before it when
 * a separator came since the last word; whole or not at all, so that a key
 * cut short is still UTF-8. */
static bool
put(char *out, size_t size, size_t *o, bool *gap, const char *text, size_t len)
{
	bool space = *gap && *o > 0;
	if (*o + space + len + 1 > size) {
		return false;	/* full: nothing more goes in */
	}
	if (space) {
		out[(*o)++] = ' ';
	}
	*gap = false;
	memcpy(out + *o, text, len);
	*o += len;
	return true;
}

/* The code point at s (valid UTF-8, which every reader checked) and its
 * length in bytes. */
static unsigned
decode(const unsigned char *s, size_t *len)
{
	if (s[0] < 0x80) {
		*len = 1;
		return s[0];
	}
	size_t n = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : 2;
	unsigned c = s[0] & (0x3F >> (n - 1));
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			*len = 1;	/* not UTF-8 after all: the byte as it is */
			return s[0];
		}
		c = c << 6 | (s[i] & 0x3F);
	}
	*len = n;
	return c;
}

static size_t
encode(char out[4], unsigned c)
{
	if (c < 0x800) {
		out[0] = (char)(0xC0 | c >> 6);
		out[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	out[0] = (char)(0xE0 | c >> 12);
	out[1] = (char)(0x80 | (c >> 6 & 0x3F));
	out[2] = (char)(0x80 | (c & 0x3F));
	return 3;
}

/* The lower case of a Greek, Cyrillic or Latin Extended Additional capital;
 * c itself otherwise. */
static unsigned
lower(unsigned c)
{
	if ((c >= 0x391 && c <= 0x3A1) || (c >= 0x3A3 && c <= 0x3AB) ||
	    (c >= 0x410 && c <= 0x42F)) {
		return c + 0x20;
	}
	if (c >= 0x400 && c <= 0x40F) {
		return c + 0x50;
	}
	if (((c >= 0x1E00 && c <= 0x1E95) || (c >= 0x1EA0 && c <= 0x1EFF)) && c % 2 == 0) {
		return c + 1;
	}
	return c;
}

/* Punctuation and spaces beyond ASCII: Latin-1's (no-break space, ¡, «, ¿,
 * ×, ÷ and the other signs), and General Punctuation's (spaces, dashes,
 * quotes, bullets). */
static bool
separates(unsigned c)
{
	return (c >= 0xA0 && c <= 0xBF) || c == 0xD7 || c == 0xF7 || (c >= 0x2000 && c <= 0x206F) ||
	       c == 0x3000;
}

/* Case, accents and punctuation folded, without dropping legal forms. */
static size_t
fold(char *out, size_t size, const char *name)
{
	size_t o = 0;
	bool gap = false;
	bool room = size > 0;
	for (const unsigned char *s = (const unsigned char *)name; *s && room;) {
		if (*s < 0x80) {
			/* ASCII, most of every name: the same rules, without the
			 * decoding and the copies */
			unsigned char u = *s++;
			char low = (char)(u >= 'A' && u <= 'Z' ? u - 'A' + 'a' : u);
			if ((low >= 'a' && low <= 'z') || (low >= '0' && low <= '9')) {
				bool space = gap && o > 0;
				room = o + space + 2 <= size;
				if (room) {
					out[o] = ' ';
					o += space;
					out[o++] = low;
					gap = false;
				}
			} else if (u != '.' && u != '\'') {
				gap = true;
			}
			continue;
		}
		size_t len;
		unsigned c = decode(s, &len);
		const char *text = (const char *)s;
		char buf[4];
		size_t n = len;
		if (c >= 'A' && c <= 'Z') {
			buf[0] = (char)(c - 'A' + 'a');
			text = buf;
		} else if (c == '.' || c == '\'' || c == 0x2018 || c == 0x2019 || c == 0x2BC) {
			n = 0;	/* apostrophes and dots: dropped */
		} else if (c < 0x80 ? !((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'))
				    : separates(c)) {
			gap = true;
			n = 0;
		} else if (c >= 0xC0 && c <= 0xFF) {
			text = latin1[c - 0xC0];
			n = strlen(text);
		} else if (c >= 0x100 && c <= 0x17F) {
			text = latin_ext_a[c - 0x100];
			n = strlen(text);
		} else if (lower(c) != c) {
			n = encode(buf, lower(c));
			text = buf;
		}
		room = n == 0 || put(out, size, &o, &gap, text, n);
		s += len;
	}
	if (size > 0) {
		out[o] = '\0';
	}
	return o;
}

/* Whether key[0..len) ends with the words of form (n bytes), after a
 * space. The last byte first: most names end in none of the forms. */
static bool
ends_with_form(const char *key, size_t len, const char *form, size_t n)
{
	return len > n && key[len - 1] == form[n - 1] && key[len - n - 1] == ' ' &&
	       memcmp(key + len - n, form, n) == 0;
}

bool
customer_key(char *out, size_t size, const char *name)
{
	size_t len = fold(out, size, name);
	bool dropped = false;
	for (size_t i = 0; i < COUNT(legal_forms); i++) {
		if (ends_with_form(out, len, legal_forms[i].s, legal_forms[i].n)) {
			len -= legal_forms[i].n + 1;
			out[len] = '\0';
			dropped = true;
			i = (size_t)-1;	/* "Hoshizora Co., Ltd.": "co ltd", then none */
		}
	}
	return dropped;
}

void
customer_fold(char *out, size_t size, const char *name)
{
	fold(out, size, name);
}
