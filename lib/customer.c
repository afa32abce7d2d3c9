/* Customer keys (issue 17, reference §2): the same customer under the
 * spellings SEs type, so that interviews of one customer can be followed
 * from one to the next. "Banco del Sur, S.A." and "BANCO DEL SUR SA" have
 * the key "banco del sur".
 *
 * Folding: letters lower-cased and, for Latin-1's, without accents ("Ñuñoa"
 * is "nunoa", "ß" is "ss"); "." and "'" dropped, so that "S.A." is "sa" and
 * "O'Brien" "obrien"; any other punctuation or space separates words, one
 * space between them; other characters (other scripts) kept as they are.
 * Then the legal forms at the end (legal_forms below) are dropped, as long
 * as a word is left. Dropping one joins names that differ in more than
 * case, accents and punctuation ("Acme" and "Acme Inc"), which the caller
 * should say: customer_key() tells it. */
#include <string.h>

#include "private.h"

/* Legal forms, folded, as the last words of a name; the longer first. */
static const char *const legal_forms[] = {
	"sa de cv", "s de rl de cv", "s de rl", "sp z oo", "pty ltd", "pvt ltd", "pte ltd",
	"co ltd", "co inc", "sa", "sac", "saa", "sas", "sl", "srl", "spa", "ltda", "ltd",
	"limited", "llc", "llp", "lp", "inc", "incorporated", "corp", "corporation", "co",
	"company", "plc", "gmbh", "ag", "kg", "bv", "nv", "as", "asa", "ab", "oy", "eirl",
};

/* Latin-1 letters U+00C0..U+00FF, lower-case, without their accents. */
static const char *const latin1[64] = {
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", " ", "o", "u", "u", "u", "u", "y", "th", "ss",
	"a", "a", "a", "a", "a", "a", "ae", "c", "e", "e", "e", "e", "i", "i", "i", "i",
	"d", "n", "o", "o", "o", "o", "o", " ", "o", "u", "u", "u", "u", "y", "th", "y",
};

/* Appends text to out[*o..] (size bytes in all), a space before it when
 * a separator came since the last word. */
static void
put(char *out, size_t size, size_t *o, bool *gap, const char *text, size_t len)
{
	if (*gap && *o > 0 && *o + 1 < size) {
		out[(*o)++] = ' ';
	}
	*gap = false;
	for (size_t i = 0; i < len && *o + 1 < size; i++) {
		out[(*o)++] = text[i];
	}
}

/* Case, accents and punctuation folded, without dropping legal forms. */
static size_t
fold(char *out, size_t size, const char *s)
{
	size_t o = 0;
	bool gap = false;
	for (; *s; s++) {
		unsigned char u = (unsigned char)*s, next = (unsigned char)s[1];
		char low = (char)(u >= 'A' && u <= 'Z' ? u - 'A' + 'a' : u);
		if ((low >= 'a' && low <= 'z') || (low >= '0' && low <= '9')) {
			put(out, size, &o, &gap, &low, 1);
		} else if (u == 0xC3 && next >= 0x80 && next <= 0xBF) {
			const char *l = latin1[next - 0x80];	/* U+00C0..U+00FF */
			s++;
			if (*l == ' ') {
				gap = true;	/* × and ÷ */
			} else {
				put(out, size, &o, &gap, l, strlen(l));
			}
		} else if (u >= 0x80) {
			put(out, size, &o, &gap, s, 1);	/* other scripts, byte by byte */
		} else if (u != '.' && u != '\'') {
			gap = true;
		}
	}
	out[o] = '\0';
	return o;
}

/* Whether key[0..len) ends with the words of form, after a space. */
static bool
ends_with_form(const char *key, size_t len, const char *form)
{
	size_t n = strlen(form);
	return len > n && key[len - n - 1] == ' ' && memcmp(key + len - n, form, n) == 0;
}

bool
customer_key(char *out, size_t size, const char *name)
{
	size_t len = fold(out, size, name);
	bool dropped = false;
	for (size_t i = 0; i < COUNT(legal_forms); i++) {
		if (ends_with_form(out, len, legal_forms[i])) {
			len -= strlen(legal_forms[i]) + 1;
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
