/* The adapter around cJSON: the one place that knows its pitfalls (STYLE.md).
 * cJSON checks the syntax and decodes strings; a second pass over the text,
 * in step with cJSON's tree, gives every value its line and column, which
 * cJSON does not keep, and catches what cJSON lets through: duplicate keys,
 * numbers out of range, \u0000. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <cjson/cJSON.h>

#include "private.h"

struct walk {
	const char *text;	/* text[len] is NUL */
	size_t len;
	const char *file;
	struct arena *arena;
	struct vmat_diags *diags;
	size_t pos;		/* of the next byte to read */
	size_t pos_done;	/* line and col below are of this offset */
	long line, line_start;
	bool failed;
	bool out_of_range;	/* a number was: reported, the rest can be checked */
	char path[256];		/* of the value being converted, "answers.pct" */
	size_t plen;
};

/* Appends ".key" (or "key" at the top) or "[i]" to w->path; returns the
 * length to go back to. A path too long is cut. */
static size_t
path_push(struct walk *w, const char *key, size_t i)
{
	size_t was = w->plen, room = sizeof(w->path) - was;
	int n = key ? snprintf(w->path + was, room, "%s%s", was ? "." : "", key)
		    : snprintf(w->path + was, room, "[%zu]", i);
	w->plen = n < 0 || (size_t)n >= room ? sizeof(w->path) - 1 : was + (size_t)n;
	return was;
}

static void
position(struct walk *w, size_t off, long *line, long *col)
{
	for (; w->pos_done < off; w->pos_done++) {
		if (w->text[w->pos_done] == '\n') {
			w->line++;
			w->line_start = (long)w->pos_done + 1;
		}
	}
	*line = w->line;
	*col = (long)off - w->line_start + 1;
}

static void
walk_error(struct walk *w, size_t off, const char *msg)
{
	long line, col;
	position(w, off, &line, &col);
	diag_add(w->diags, VMAT_ERROR, w->file, line, col, NULL, "%s", msg);
	w->failed = true;
}

static void
skip_ws(struct walk *w)
{
	while (strchr(" \t\r\n", w->text[w->pos]) && w->text[w->pos]) {
		w->pos++;
	}
}

static int
hex(char c)
{
	if (c >= '0' && c <= '9') {
		return c - '0';
	}
	if ((c | 0x20) >= 'a' && (c | 0x20) <= 'f') {
		return (c | 0x20) - 'a' + 10;
	}
	return -1;
}

/* Skips a string token, which cJSON has accepted already, reading it the way
 * cJSON's parse_string() does (1.7.15): the string ends at the first quote
 * that no backslash escapes; within it, \u takes the next four bytes
 * whatever they are (parse_hex4() turns a non-hex digit into U+0000 rather
 * than failing), or ten for a surrogate pair. So the last of those four bytes
 * may be the backslash of another "\u": reading four digits after that one
 * went past the end of the text (issue 18). Nothing here reads beyond the
 * closing quote, or beyond text[len] should cJSON ever take more than this. */
static void
skip_string(struct walk *w)
{
	const char *t = w->text;
	size_t end = w->pos + 1;
	while (end < w->len && t[end] != '"') {
		end += t[end] == '\\' ? 2 : 1;
	}
	if (end > w->len) {
		end = w->len;
	}
	size_t i = w->pos + 1;
	while (i < end) {
		if (t[i] != '\\') {
			if ((unsigned char)t[i] < 0x20) {
				walk_error(w, i, "invalid JSON: control character in a string "
						 "(write it as an escape such as \\n)");
			}
			i++;
			continue;
		}
		if (t[i + 1] != 'u') {	/* t[i + 1] is at most t[len], the NUL */
			i += 2;
			continue;
		}
		if (end - i < 6) {	/* cJSON rejects it: not reached */
			walk_error(w, i, "invalid JSON: bad \\u escape");
			break;
		}
		int v = 0;
		for (size_t k = 2; k < 6 && v >= 0; k++) {
			int h = hex(t[i + k]);
			v = h < 0 ? -1 : v * 16 + h;
		}
		if (v == 0) {
			walk_error(w, i, "\\u0000 is not allowed in strings");
		} else if (v < 0) {
			walk_error(w, i, "invalid JSON: bad \\u escape");
		}
		/* a high surrogate: cJSON has checked that a low one follows */
		bool pair = v >= 0xD800 && v <= 0xDBFF && end - i >= 12 && t[i + 6] == '\\' &&
			    t[i + 7] == 'u';
		i += pair ? 12 : 6;
	}
	w->pos = end + 1;
}

/* cJSON reads numbers with strtod, which takes more than RFC 8259 allows
 * ("01", "+1", ".5", "1."); this is the grammar. Returns the token length,
 * 0 when it is not a JSON number. */
static size_t
number_token(const char *s)
{
	size_t i = s[0] == '-';
	if (s[i] == '0') {
		i++;
	} else if (s[i] >= '1' && s[i] <= '9') {
		i += strspn(s + i, "0123456789");
	} else {
		return 0;
	}
	if (s[i] == '.') {
		size_t n = strspn(s + i + 1, "0123456789");
		if (n == 0) {
			return 0;
		}
		i += 1 + n;
	}
	if (s[i] == 'e' || s[i] == 'E') {
		i += 1 + (s[i + 1] == '+' || s[i + 1] == '-');
		size_t n = strspn(s + i, "0123456789");
		if (n == 0) {
			return 0;
		}
		i += n;
	}
	return i;
}

static int
key_order(const void *a, const void *b)
{
	const struct jv *x = *(const struct jv *const *)a, *y = *(const struct jv *const *)b;
	int c = strcmp(x->key, y->key);
	return c ? c : (x < y ? -1 : x > y);
}

static void
check_duplicates(struct walk *w, struct jv *obj)
{
	if (obj->len < 2) {
		return;
	}
	struct jv **sorted = malloc(obj->len * sizeof(*sorted));
	if (!sorted) {
		w->failed = true;
		return;
	}
	for (size_t i = 0; i < obj->len; i++) {
		sorted[i] = &obj->kids[i];
	}
	qsort(sorted, obj->len, sizeof(*sorted), key_order);
	for (size_t i = 1; i < obj->len; i++) {
		size_t first = i - 1;
		while (i < obj->len && strcmp(sorted[i]->key, sorted[first]->key) == 0) {
			char q[80];
			diag_add(w->diags, VMAT_ERROR, w->file, sorted[i]->line, sorted[i]->col,
				 NULL, "duplicate key %s (first at line %ld)",
				 quote_value(q, sizeof(q), sorted[i]->key, strlen(sorted[i]->key)),
				 sorted[first]->line);
			w->failed = true;
			i++;
		}
	}
	free(sorted);
}

static bool
convert(struct walk *w, const cJSON *c, struct jv *out)
{
	skip_ws(w);
	position(w, w->pos, &out->line, &out->col);
	out->kids = NULL;
	out->len = 0;
	if (cJSON_IsObject(c) || cJSON_IsArray(c)) {
		bool obj = cJSON_IsObject(c);
		out->type = obj ? J_OBJECT : J_ARRAY;
		size_t n = (size_t)cJSON_GetArraySize(c);
		out->kids = arena_calloc(w->arena, n ? n : 1, sizeof(*out->kids));
		if (!out->kids) {
			return false;
		}
		w->pos++;	/* { or [ */
		const cJSON *k = c->child;
		for (size_t i = 0; i < n; i++, k = k->next) {
			skip_ws(w);
			if (obj) {
				skip_string(w);
				skip_ws(w);
				w->pos++;	/* : */
				out->kids[i].key = arena_strdup(w->arena, k->string);
				if (!out->kids[i].key) {
					return false;
				}
			}
			size_t was = path_push(w, obj ? k->string : NULL, i);
			if (!convert(w, k, &out->kids[i])) {
				return false;
			}
			w->plen = was;
			w->path[was] = '\0';
			skip_ws(w);
			if (w->text[w->pos] == ',') {
				w->pos++;
			}
		}
		out->len = n;
		skip_ws(w);
		w->pos++;	/* } or ] */
		if (obj) {
			check_duplicates(w, out);
		}
	} else if (cJSON_IsString(c)) {
		out->type = J_STRING;
		out->str = arena_strdup(w->arena, c->valuestring);
		if (!out->str) {
			return false;
		}
		out->len = strlen(out->str);
		skip_string(w);
	} else if (cJSON_IsNumber(c)) {
		out->type = J_NUMBER;
		out->num = c->valuedouble;
		size_t n = number_token(w->text + w->pos);
		if (n == 0 || n != strspn(w->text + w->pos, "+-0123456789.eE")) {
			walk_error(w, w->pos, "invalid JSON: malformed number");
		} else if (!isfinite(out->num)) {
			/* issue 18 §5: named by its path, and the rest of the
			 * document is still checked (json_parse_partial()) */
			long line, col;
			position(w, w->pos, &line, &col);
			char shown[48];
			diag_add(w->diags, VMAT_ERROR, w->file, line, col, w->plen ? w->path : NULL,
				 "number out of range: %s",
				 quote_value(shown, sizeof(shown), w->text + w->pos, n));
			out->type = J_BAD;
			w->out_of_range = true;
		}
		w->pos += strspn(w->text + w->pos, "+-0123456789.eE");
	} else {
		out->type = cJSON_IsNull(c) ? J_NULL : cJSON_IsTrue(c) ? J_TRUE : J_FALSE;
		w->pos += out->type == J_FALSE ? 5 : 4;
	}
	return true;
}

/* Before cJSON: nesting deeper than the limit (cJSON recurses once per
 * level; the message should say what is wrong), and control characters
 * between tokens, which cJSON skips as if they were spaces (RFC 8259 allows
 * only space, tab, LF and CR). Returns the offset of the first problem, or
 * len; *deep tells which. */
static size_t
prescan(const char *s, size_t len, bool *deep)
{
	int depth = 0;
	bool in_string = false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];
		if (in_string) {
			if (c == '\\') {
				i++;
			} else if (c == '"') {
				in_string = false;
			}
		} else if (c == '"') {
			in_string = true;
		} else if (c == '[' || c == '{') {
			if (++depth > MAX_JSON_DEPTH) {
				*deep = true;
				return i;
			}
		} else if (c == ']' || c == '}') {
			depth--;
		} else if ((unsigned char)c < 0x20 && c != ' ' && c != '\t' && c != '\n' &&
			   c != '\r') {
			*deep = false;
			return i;
		}
	}
	return len;
}

/* cJSON reports a key that is not a string one byte past it (parse_string
 * has already stepped over the byte it rejects). Where off - 1 is such a
 * byte, in an object, after "{" or ",", that is the place to name. */
static size_t
key_error_offset(const char *s, size_t off)
{
	if (off == 0 || s[off - 1] == '"' || strchr(" \t\r\n", s[off - 1])) {
		return off;
	}
	char stack[MAX_JSON_DEPTH + 1];
	int depth = 0;
	char prev = 0;		/* the last byte before off - 1 that is not a space */
	bool in_string = false;
	for (size_t i = 0; i + 1 < off; i++) {
		char c = s[i];
		if (in_string) {
			if (c == '\\') {
				i++;
			} else if (c == '"') {
				in_string = false;
			}
		} else if (c == '"') {
			in_string = true;
		} else if ((c == '{' || c == '[') && depth < MAX_JSON_DEPTH) {
			stack[depth++] = c;
		} else if ((c == '}' || c == ']') && depth > 0) {
			depth--;
		}
		if (!strchr(" \t\r\n", c)) {
			prev = c;
		}
	}
	bool key_expected = !in_string && depth > 0 && stack[depth - 1] == '{' &&
			    (prev == '{' || prev == ',');
	return key_expected ? off - 1 : off;
}

/* The offset of the opening quote of a string that the text ends inside,
 * or len when it ends outside any string. */
static size_t
open_string(const char *s, size_t len)
{
	size_t start = len;
	for (size_t i = 0; i < len; i++) {
		if (start < len) {
			if (s[i] == '\\') {
				i++;
			} else if (s[i] == '"') {
				start = len;
			}
		} else if (s[i] == '"') {
			start = i;
		}
	}
	return start;
}

int
json_parse(struct jv **out, struct arena *a, const char *text, size_t len, const char *file,
	   struct vmat_diags *diags)
{
	int rc = json_parse_partial(out, a, text, len, file, diags);
	if (rc != VMAT_OK) {
		*out = NULL;
	}
	return rc;
}

int
json_parse_partial(struct jv **out, struct arena *a, const char *text, size_t len,
		   const char *file, struct vmat_diags *diags)
{
	*out = NULL;
	long line, col;
	bool deep = false;
	size_t bad = prescan(text, len, &deep);
	if (bad < len) {
		text_position(text, bad, &line, &col);
		if (deep) {
			diag_add(diags, VMAT_ERROR, file, line, col, NULL,
				 "nested too deeply (more than %d levels)", MAX_JSON_DEPTH);
		} else {
			diag_add(diags, VMAT_ERROR, file, line, col, NULL,
				 "invalid JSON: control character 0x%02x outside a string",
				 (unsigned char)text[bad]);
		}
		return VMAT_EINVAL;
	}
	/* text[len] is NUL: requiring it to end the document rejects trailing
	 * garbage, which plain cJSON_Parse accepts. */
	const char *end = NULL;
	cJSON *root = cJSON_ParseWithLengthOpts(text, len + 1, &end, 1);
	if (!root) {
		size_t off = end && end >= text && end <= text + len ? (size_t)(end - text) : len;
		if (off > 0 && open_string(text, len) == off - 1) {
			/* cJSON blames the first byte of a string that never
			 * closes; what is wrong is that the file stops. */
			off = len;
		} else {
			off = key_error_offset(text, off);
		}
		text_position(text, off, &line, &col);
		if (off >= len || strspn(text + off, " \t\r\n") == len - off) {
			diag_add(diags, VMAT_ERROR, file, line, col, NULL,
				 "invalid JSON: unexpected end of file");
		} else {
			char shown[16];
			size_t n = 1;
			while (n < 4 && ((unsigned char)text[off + n] & 0xC0) == 0x80) {
				n++;
			}
			diag_add(diags, VMAT_ERROR, file, line, col, NULL,
				 "invalid JSON: unexpected %s",
				 quote_value(shown, sizeof(shown), text + off, n));
		}
		return VMAT_EINVAL;
	}
	struct walk w = { .text = text, .len = len, .file = file, .arena = a, .diags = diags,
			  .line = 1 };
	size_t first = diags ? vmat_diags_count(diags) : 0;
	struct jv *root_jv = arena_calloc(a, 1, sizeof(*root_jv));
	bool ok = root_jv && convert(&w, root, root_jv);
	cJSON_Delete(root);
	/* Duplicate keys are found when their object closes, after the
	 * problems inside it: put them all back in file order. */
	diag_sort_from(diags, first);
	if (!ok) {
		return VMAT_ENOMEM;
	}
	if (w.failed) {
		return VMAT_EINVAL;
	}
	*out = root_jv;
	return w.out_of_range ? VMAT_EINVAL : VMAT_OK;
}

struct jv *
jv_get(const struct jv *obj, const char *key)
{
	if (!obj || obj->type != J_OBJECT) {
		return NULL;
	}
	for (size_t i = 0; i < obj->len; i++) {
		if (strcmp(obj->kids[i].key, key) == 0) {
			return &obj->kids[i];
		}
	}
	return NULL;
}

const char *
jv_type_name(enum jtype t)
{
	static const char *const names[] = {
		[J_NULL] = "null", [J_FALSE] = "a boolean", [J_TRUE] = "a boolean",
		[J_NUMBER] = "a number", [J_STRING] = "a string", [J_ARRAY] = "an array",
		[J_OBJECT] = "an object", [J_BAD] = "a number out of range",
	};
	return names[t];
}

const char *
jv_describe(char *buf, size_t size, const struct jv *v)
{
	switch (v->type) {
	case J_STRING:
		return quote_value(buf, size, v->str, v->len);
	case J_NUMBER:
		c_locale_format(buf, size, 'g', 15, v->num);	/* "61.25" under de_DE too */
		return buf;
	case J_TRUE:
		return "true";
	case J_FALSE:
		return "false";
	case J_NULL:
		return "null";
	default:
		return jv_type_name(v->type);
	}
}
