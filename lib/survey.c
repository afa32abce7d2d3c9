/* Loading and validating a survey definition: reference §1. Every problem is
 * reported with its JSON path; loading goes on after a problem so that one
 * run of `vmat check` shows them all. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "private.h"

struct vmat_survey {
	struct arena arena;
	const char *id, *title, *description;
	long version;
	struct vmat_stage *stages;
	size_t nstages;
	struct vmat_dimension *dims;
	size_t ndims;
	struct vmat_field *fields;
	size_t nfields;
	struct vmat_question *questions;
	size_t nquestions;
};

static const struct {
	const char *id, *name;
	bool required;
} builtin_fields[] = {
	{ "id", "Response id", false },	{ "customer", "Customer", true },
	{ "region", "Region", true },		{ "date", "Date", true },
	{ "interviewer", "Interviewer", false }, { "country", "Country", false },
	{ "segment", "Segment", false },	{ "industry", "Industry", false },
	{ "customer_id", "Customer id", false },
};

/* Ids that would collide with a column of bulk CSV or of `vmat score`, or
 * with a derived field (reference §1, §3, §6). */
static const char *const reserved_ids[] = {
	"format", "survey", "survey_version", "answers", "notes", "year", "quarter", "month",
	"stage", "stage_id", "index", "aspiration", "gap", "completeness", "blockers",
};

static const char *const type_names[] = {
	[VMAT_CHOICE] = "choice", [VMAT_MULTI] = "multi",     [VMAT_YESNO] = "yesno",
	[VMAT_SCALE] = "scale",	  [VMAT_NUMBER] = "number",   [VMAT_PERCENT] = "percent",
	[VMAT_TEXT] = "text",
};

struct loader {
	struct vmat_survey *s;
	struct arena *a;
	const char *file;
	struct vmat_diags *diags;
	struct arena scratch;
	bool failed;
	bool oom;
	bool no_stages;		/* S is unknown: levels are not range-checked */
	bool *bad_type;		/* per question: its type was not valid */
};

static void
report(struct loader *L, enum vmat_severity sev, const struct jv *at, const char *path,
       const char *fmt, ...) __attribute__((format(printf, 5, 6)));

static void
report(struct loader *L, enum vmat_severity sev, const struct jv *at, const char *path,
       const char *fmt, ...)
{
	if (at->type == J_BAD) {
		L->failed = true;	/* a number out of range: said once, by json.c */
		return;
	}
	va_list ap;
	va_start(ap, fmt);
	if (diag_vadd(L->diags, sev, L->file, at->line, at->col, path, fmt, ap) != VMAT_OK) {
		L->oom = true;
	}
	va_end(ap);
	if (sev == VMAT_ERROR) {
		L->failed = true;
	}
}

/* JSON paths for messages, kept in the loader's scratch arena. */
static const char *
join(struct loader *L, const char *path, const char *key)
{
	const char *p = arena_printf(&L->scratch, "%s%s%s", path, path[0] ? "." : "", key);
	L->oom |= !p;
	return p ? p : "";
}

static const char *
item(struct loader *L, const char *path, size_t i)
{
	const char *p = arena_printf(&L->scratch, "%s[%zu]", path, i);
	L->oom |= !p;
	return p ? p : "";
}

/* Warns of keys not in allowed (NULL-terminated); they are ignored (reference §1). */
static void
check_keys(struct loader *L, const struct jv *obj, const char *path, const char *const *allowed)
{
	for (size_t i = 0; i < obj->len; i++) {
		const struct jv *k = &obj->kids[i];
		bool known = false;
		for (const char *const *a = allowed; *a && !known; a++) {
			known = strcmp(*a, k->key) == 0;
		}
		if (!known) {
			char q[80];
			report(L, VMAT_WARNING, k, join(L, path, k->key), "unknown key %s",
			       quote_value(q, sizeof(q), k->key, strlen(k->key)));
		}
	}
}

/* The member key of obj when it has the type wanted (J_TRUE stands for both
 * booleans); NULL, reported, when it is missing (and required) or not. */
static const struct jv *
member(struct loader *L, const struct jv *obj, const char *path, const char *key,
       enum jtype type, bool required)
{
	const struct jv *v = jv_get(obj, key);
	if (v && v->type == J_BAD) {
		return NULL;	/* out of range: said */
	}
	if (!v) {
		if (required) {
			report(L, VMAT_ERROR, obj, path, "missing required key \"%s\"", key);
		}
		return NULL;
	}
	bool ok = v->type == type || (type == J_TRUE && v->type == J_FALSE);
	if (!ok) {
		char got[96];
		report(L, VMAT_ERROR, v, join(L, path, key), "expected %s, got %s",
		       jv_type_name(type), jv_describe(got, sizeof(got), v));
		return NULL;
	}
	return v;
}

static const char *
string_member(struct loader *L, const struct jv *obj, const char *path, const char *key,
	      bool required)
{
	const struct jv *v = member(L, obj, path, key, J_STRING, required);
	if (v && required && v->len == 0) {
		report(L, VMAT_ERROR, v, join(L, path, key), "must not be empty");
	}
	return v ? v->str : NULL;
}

static bool
bool_member(struct loader *L, const struct jv *obj, const char *path, const char *key, bool def)
{
	const struct jv *v = member(L, obj, path, key, J_TRUE, false);
	return v ? v->type == J_TRUE : def;
}

/* A level 0..S (reference §1: levels and requires outside 0..S are errors). */
static double
level_value(struct loader *L, const struct jv *v, const char *path)
{
	char got[96];
	if (v->type != J_NUMBER) {
		report(L, VMAT_ERROR, v, path, "expected a level (a number), got %s",
		       jv_describe(got, sizeof(got), v));
		return NAN;
	}
	if (!L->no_stages && (v->num < 0 || v->num > (double)L->s->nstages)) {
		report(L, VMAT_ERROR, v, path, "level %s is outside 0..%zu",
		       jv_describe(got, sizeof(got), v), L->s->nstages);
		return NAN;
	}
	return v->num;
}

static double
weight_member(struct loader *L, const struct jv *obj, const char *path)
{
	const struct jv *v = member(L, obj, path, "weight", J_NUMBER, false);
	if (!v) {
		return 1;
	}
	if (v->num <= 0) {
		char got[96];
		report(L, VMAT_ERROR, v, join(L, path, "weight"),
		       "weight must be greater than 0, got %s", jv_describe(got, sizeof(got), v));
		return 1;
	}
	return v->num;
}

/* The id member of obj, checked against reference §1's pattern. */
static const char *
id_member(struct loader *L, const struct jv *obj, const char *path, bool allow_hyphen)
{
	const struct jv *v = member(L, obj, path, "id", J_STRING, true);
	if (!v) {
		return NULL;
	}
	if (!is_id(v->str, allow_hyphen)) {
		char got[96];
		report(L, VMAT_ERROR, v, join(L, path, "id"),
		       "%s is not a valid id (a lower-case letter, then lower-case letters, "
		       "digits or _%s)",
		       quote_value(got, sizeof(got), v->str, v->len), allow_hyphen ? " or -" : "");
		return NULL;
	}
	return v->str;
}

/* Reports id when an earlier element of the same list has it. ids[i] is the
 * id of element i (NULL when it had none). */
static bool
unique_id(struct loader *L, const char *const *ids, size_t n, const struct jv *list,
	  const char *path, const char *what, bool ignore_case)
{
	const char *id = ids[n];
	if (!id) {
		return false;
	}
	for (size_t i = 0; i < n; i++) {
		if (ids[i] && (ignore_case ? strcasecmp(ids[i], id) : strcmp(ids[i], id)) == 0) {
			const struct jv *at = &list->kids[n];
			const char *p = item(L, path, n);
			report(L, VMAT_ERROR, at->type == J_OBJECT ? jv_get(at, "id") : at,
			       at->type == J_OBJECT ? join(L, p, "id") : p,
			       "duplicate %s \"%s\" (first at %s)", what, id, item(L, path, i));
			return false;
		}
	}
	return true;
}

static const struct jv *
list_member(struct loader *L, const struct jv *obj, const char *path, const char *key,
	    bool required)
{
	return member(L, obj, path, key, J_ARRAY, required);
}

static long
find_dimension(const struct vmat_survey *s, const char *id)
{
	for (size_t i = 0; i < s->ndims; i++) {
		if (s->dims[i].id && strcmp(s->dims[i].id, id) == 0) {
			return (long)i;
		}
	}
	return -1;
}

static void
load_dimensions(struct loader *L, const struct jv *list)
{
	static const char *const keys[] = { "id", "name", "kind", "weight", "advice", NULL };
	struct vmat_survey *s = L->s;
	s->dims = arena_calloc(L->a, list->len + 1, sizeof(*s->dims));
	const char **ids = arena_calloc(L->a, list->len + 1, sizeof(*ids));
	if (!s->dims || !ids) {
		L->oom = true;
		return;
	}
	bool capability = false;
	for (size_t i = 0; i < list->len; i++) {
		const struct jv *o = &list->kids[i];
		struct vmat_dimension *d = &s->dims[s->ndims];
		char got[96];
		const char *path = item(L, "dimensions", i);
		if (o->type != J_OBJECT) {
			report(L, VMAT_ERROR, o, path, "expected an object, got %s",
			       jv_describe(got, sizeof(got), o));
			continue;
		}
		check_keys(L, o, path, keys);
		ids[i] = id_member(L, o, path, false);
		if (unique_id(L, ids, i, list, "dimensions", "dimension id", false)) {
			d->id = ids[i];
		}
		d->name = string_member(L, o, path, "name", true);
		const struct jv *kind = member(L, o, path, "kind", J_STRING, false);
		if (kind && strcmp(kind->str, "intent") == 0) {
			d->intent = true;
		} else if (kind && strcmp(kind->str, "capability") != 0) {
			report(L, VMAT_ERROR, kind, join(L, path, "kind"),
			       "expected \"capability\" or \"intent\", got %s",
			       jv_describe(got, sizeof(got), kind));
		}
		d->weight = weight_member(L, o, path);
		capability |= !d->intent;
		const struct jv *advice = list_member(L, o, path, "advice", false);
		if (advice) {
			static const char *const akeys[] = { "below", "text", NULL };
			struct vmat_advice *adv = arena_calloc(L->a, advice->len + 1, sizeof(*adv));
			if (!adv) {
				L->oom = true;
				return;
			}
			const char *apath = join(L, path, "advice");
			for (size_t k = 0; k < advice->len; k++) {
				const struct jv *ao = &advice->kids[k];
				const char *p = item(L, apath, k);
				if (ao->type != J_OBJECT) {
					report(L, VMAT_ERROR, ao, p, "expected an object, got %s",
					       jv_describe(got, sizeof(got), ao));
					continue;
				}
				check_keys(L, ao, p, akeys);
				const struct jv *below = member(L, ao, p, "below", J_NUMBER, true);
				const char *text = string_member(L, ao, p, "text", true);
				if (below && text) {
					adv[d->nadvice].below = level_value(L, below,
									    join(L, p, "below"));
					adv[d->nadvice++].text = text;
				}
			}
			d->advice = adv;
		}
		s->ndims++;
	}
	if (!capability) {
		report(L, VMAT_ERROR, list, "dimensions",
		       "at least one dimension of kind \"capability\" is required");
	}
}

static void
load_stages(struct loader *L, const struct jv *list)
{
	static const char *const keys[] = { "id", "name", "description", "requires", NULL };
	struct vmat_survey *s = L->s;
	const char **ids = arena_calloc(L->a, list->len + 1, sizeof(*ids));
	if (!s->stages || !ids) {
		L->oom = true;
		return;
	}
	for (size_t i = 0; i < list->len; i++) {
		const struct jv *o = &list->kids[i];
		struct vmat_stage *st = &s->stages[i];
		char got[96];
		const char *path = item(L, "stages", i);
		if (o->type != J_OBJECT) {
			report(L, VMAT_ERROR, o, path, "expected an object, got %s",
			       jv_describe(got, sizeof(got), o));
			continue;
		}
		check_keys(L, o, path, keys);
		ids[i] = id_member(L, o, path, true);
		if (ids[i] && strcmp(ids[i], "not-started") == 0) {
			report(L, VMAT_ERROR, jv_get(o, "id"), join(L, path, "id"),
			       "\"not-started\" is reserved for stage 0");
		}
		unique_id(L, ids, i, list, "stages", "stage id", false);
		st->id = ids[i];
		st->name = string_member(L, o, path, "name", true);
		st->description = string_member(L, o, path, "description", false);
		const struct jv *req = member(L, o, path, "requires", J_OBJECT, true);
		if (!req) {
			continue;
		}
		struct vmat_requirement *r = arena_calloc(L->a, req->len + 1, sizeof(*r));
		if (!r) {
			L->oom = true;
			return;
		}
		const char *rpath = join(L, path, "requires");
		for (size_t k = 0; k < req->len; k++) {
			const struct jv *v = &req->kids[k];
			long d = find_dimension(s, v->key);
			const char *p = join(L, rpath, v->key);
			if (d < 0) {
				char q[80];
				report(L, VMAT_ERROR, v, p, "unknown dimension %s",
				       quote_value(q, sizeof(q), v->key, strlen(v->key)));
				continue;
			}
			double level = level_value(L, v, p);
			if (!isnan(level)) {
				r[st->nrequires].dimension = (size_t)d;
				r[st->nrequires++].min = level;
			}
		}
		st->requires = r;
	}
}

static bool
is_reserved(const char *id)
{
	for (size_t i = 0; i < COUNT(reserved_ids); i++) {
		if (strcmp(id, reserved_ids[i]) == 0) {
			return true;
		}
	}
	return strncmp(id, "score_", 6) == 0;
}

static void
load_fields(struct loader *L, const struct jv *list)
{
	static const char *const keys[] = { "id", "name", "required", "values", NULL };
	struct vmat_survey *s = L->s;
	size_t n = list ? list->len : 0;
	s->fields = arena_calloc(L->a, COUNT(builtin_fields) + n, sizeof(*s->fields));
	const char **ids = arena_calloc(L->a, n + 1, sizeof(*ids));
	if (!s->fields || !ids) {
		L->oom = true;
		return;
	}
	for (size_t i = 0; i < COUNT(builtin_fields); i++) {
		s->fields[i] = (struct vmat_field){ .id = builtin_fields[i].id,
						    .name = builtin_fields[i].name,
						    .required = builtin_fields[i].required,
						    .builtin = true };
	}
	s->nfields = COUNT(builtin_fields);
	for (size_t i = 0; i < n; i++) {
		const struct jv *o = &list->kids[i];
		char got[96];
		const char *path = item(L, "fields", i);
		if (o->type != J_OBJECT) {
			report(L, VMAT_ERROR, o, path, "expected an object, got %s",
			       jv_describe(got, sizeof(got), o));
			continue;
		}
		check_keys(L, o, path, keys);
		ids[i] = id_member(L, o, path, false);
		if (ids[i] && is_reserved(ids[i])) {
			report(L, VMAT_ERROR, jv_get(o, "id"), join(L, path, "id"),
			       "\"%s\" is reserved (a column or derived field of its own)", ids[i]);
			ids[i] = NULL;
		}
		if (!unique_id(L, ids, i, list, "fields", "field id", false)) {
			continue;
		}
		struct vmat_field *f = NULL;
		for (size_t k = 0; k < COUNT(builtin_fields); k++) {
			if (strcmp(builtin_fields[k].id, ids[i]) == 0) {
				f = &s->fields[k];	/* reference §1: restating a built-in field */
			}
		}
		if (!f) {
			f = &s->fields[s->nfields++];
		}
		f->id = ids[i];
		f->name = string_member(L, o, path, "name", true);
		f->required = bool_member(L, o, path, "required", false) || f->required;
		const struct jv *values = list_member(L, o, path, "values", false);
		if (!values) {
			continue;
		}
		const char *p = join(L, path, "values");
		if (values->len == 0) {
			report(L, VMAT_ERROR, values, p, "expected at least one value");
			continue;
		}
		const char **vals = arena_calloc(L->a, values->len + 1, sizeof(*vals));
		if (!vals) {
			L->oom = true;
			return;
		}
		for (size_t k = 0; k < values->len; k++) {
			const struct jv *v = &values->kids[k];
			size_t len = v->len;
			if (v->type != J_STRING || v->len == 0 || trim(v->str, &len) != v->str ||
			    len != v->len) {
				report(L, VMAT_ERROR, v, item(L, p, k),
				       "expected a non-empty string without surrounding spaces, got %s",
				       jv_describe(got, sizeof(got), v));
				continue;
			}
			vals[k] = v->str;
			unique_id(L, vals, k, values, p, "value", true);
		}
		f->values = vals;
		f->nvalues = values->len;
	}
}

static enum vmat_question_type
question_type(struct loader *L, const struct jv *o, const char *path, bool *ok)
{
	const struct jv *t = member(L, o, path, "type", J_STRING, true);
	*ok = false;
	if (!t) {
		return VMAT_TEXT;
	}
	for (size_t i = 0; i < COUNT(type_names); i++) {
		if (strcmp(t->str, type_names[i]) == 0) {
			*ok = true;
			return (enum vmat_question_type)i;
		}
	}
	char got[96];
	report(L, VMAT_ERROR, t, join(L, path, "type"),
	       "unknown question type %s (expected: choice, multi, yesno, scale, number, "
	       "percent, text)",
	       jv_describe(got, sizeof(got), t));
	return VMAT_TEXT;
}

static void
load_choices(struct loader *L, struct vmat_question *q, const struct jv *o, const char *path)
{
	static const char *const keys[] = { "id", "label", "level", NULL };
	const struct jv *list = list_member(L, o, path, "choices", true);
	if (!list) {
		return;
	}
	const char *cpath = join(L, path, "choices");
	if (list->len == 0) {
		report(L, VMAT_ERROR, list, cpath, "expected at least one choice");
		return;
	}
	struct vmat_choice *c = arena_calloc(L->a, list->len, sizeof(*c));
	const char **ids = arena_calloc(L->a, list->len, sizeof(*ids));
	if (!c || !ids) {
		L->oom = true;
		return;
	}
	for (size_t i = 0; i < list->len; i++) {
		const struct jv *co = &list->kids[i];
		char got[96];
		const char *p = item(L, cpath, i);
		c[i].level = NAN;
		c[i].id = c[i].label = "";	/* a choice that is no object is still listed */
		if (co->type != J_OBJECT) {
			report(L, VMAT_ERROR, co, p, "expected an object, got %s",
			       jv_describe(got, sizeof(got), co));
			continue;
		}
		check_keys(L, co, p, keys);
		ids[i] = id_member(L, co, p, false);
		unique_id(L, ids, i, list, cpath, "choice id", false);
		c[i].id = ids[i] ? ids[i] : "";
		c[i].label = string_member(L, co, p, "label", true);
		const struct jv *level = jv_get(co, "level");
		if (!level && q->dimension >= 0) {
			report(L, VMAT_ERROR, co, p,
			       "missing required key \"level\" (the question is scored; use null "
			       "for an answer that adds nothing)");
		} else if (level && level->type != J_NULL) {
			c[i].level = level_value(L, level, join(L, p, "level"));
		}
	}
	q->choices = c;
	q->nchoices = list->len;
}

static void
load_thresholds(struct loader *L, struct vmat_question *q, const struct jv *o, const char *path)
{
	const struct jv *list = list_member(L, o, path, "thresholds", false);
	if (!list) {
		return;
	}
	const char *tpath = join(L, path, "thresholds");
	struct vmat_threshold *t = arena_calloc(L->a, list->len + 1, sizeof(*t));
	if (!t) {
		L->oom = true;
		return;
	}
	size_t n = 0;
	for (size_t i = 0; i < list->len; i++) {
		const struct jv *pair = &list->kids[i];
		char got[96];
		const char *p = item(L, tpath, i);
		if (pair->type == J_ARRAY && pair->len == 2 && pair->kids[0].type != J_NUMBER) {
			report(L, VMAT_ERROR, &pair->kids[0], item(L, p, 0), "expected a number, got %s",
			       jv_describe(got, sizeof(got), &pair->kids[0]));
			continue;
		}
		if (pair->type != J_ARRAY || pair->len != 2) {
			report(L, VMAT_ERROR, pair, p, "expected [value, level], got %s",
			       jv_describe(got, sizeof(got), pair));
			continue;
		}
		double level = level_value(L, &pair->kids[1], item(L, p, 1));
		double value = pair->kids[0].num;
		if (n > 0 && value <= t[n - 1].value) {
			char prev[32];
			snprintf(prev, sizeof(prev), "%.15g", t[n - 1].value);
			report(L, VMAT_ERROR, &pair->kids[0], item(L, p, 0),
			       "thresholds must be in ascending value order (%s after %s)",
			       jv_describe(got, sizeof(got), &pair->kids[0]), prev);
			continue;
		}
		t[n].value = value;
		t[n++].level = isnan(level) ? 0 : level;
	}
	q->thresholds = t;
	q->nthresholds = n;
}

/* min/max of scale, number and percent questions. */
static void
load_bounds(struct loader *L, struct vmat_question *q, const struct jv *o, const char *path)
{
	bool integer = q->type == VMAT_SCALE;
	const struct jv *min = member(L, o, path, "min", J_NUMBER, integer);
	const struct jv *max = member(L, o, path, "max", J_NUMBER, integer);
	char got[96];
	q->min = q->type == VMAT_PERCENT ? 0 : -INFINITY;
	q->max = q->type == VMAT_PERCENT ? 100 : INFINITY;
	const struct jv *b[2] = { min, max };
	for (int i = 0; i < 2; i++) {
		if (!b[i]) {
			continue;
		}
		const char *key = i ? "max" : "min";
		if (integer && b[i]->num != floor(b[i]->num)) {
			report(L, VMAT_ERROR, b[i], join(L, path, key), "expected an integer, got %s",
			       jv_describe(got, sizeof(got), b[i]));
		} else if (q->type == VMAT_PERCENT && (b[i]->num < 0 || b[i]->num > 100)) {
			report(L, VMAT_ERROR, b[i], join(L, path, key),
			       "a percent bound must be within 0..100, got %s",
			       jv_describe(got, sizeof(got), b[i]));
		} else if (i) {
			q->max = b[i]->num;
		} else {
			q->min = b[i]->num;
		}
	}
	if (min && max && min->num >= max->num) {
		char mx[32];
		snprintf(mx, sizeof(mx), "%.15g", max->num);
		report(L, VMAT_ERROR, min, join(L, path, "min"),
		       "min (%s) must be less than max (%s)", jv_describe(got, sizeof(got), min),
		       mx);
	}
}

static void
load_yesno(struct loader *L, struct vmat_question *q, const struct jv *o, const char *path)
{
	const struct jv *yes = jv_get(o, "yes"), *no = jv_get(o, "no");
	q->yes_level = q->no_level = NAN;
	if (!yes != !no) {
		report(L, VMAT_ERROR, o, path,
		       "a yesno question takes both \"yes\" and \"no\" levels, or neither");
		return;
	}
	if (yes) {
		q->yes_level = level_value(L, yes, join(L, path, "yes"));
		q->no_level = level_value(L, no, join(L, path, "no"));
	}
}

static bool
choice_exists(const struct vmat_question *t, const char *id)
{
	if (t->type == VMAT_YESNO) {
		return strcmp(id, "yes") == 0 || strcmp(id, "no") == 0;
	}
	for (size_t i = 0; i < t->nchoices; i++) {
		if (strcmp(t->choices[i].id, id) == 0) {
			return true;
		}
	}
	return false;
}

static void
load_when(struct loader *L, struct vmat_question *q, size_t qi, const struct jv *o,
	  const char *qpath, const struct jv *qlist)
{
	static const char *const keys[] = { "question", "in", "min", "max", NULL };
	const struct jv *w = member(L, o, qpath, "when", J_OBJECT, false);
	q->when_min = -INFINITY;
	q->when_max = INFINITY;
	if (!w) {
		return;
	}
	char got[96];
	const char *path = join(L, qpath, "when");
	check_keys(L, w, path, keys);
	const struct jv *ref = member(L, w, path, "question", J_STRING, true);
	const struct jv *in = list_member(L, w, path, "in", false);
	const struct jv *min = member(L, w, path, "min", J_NUMBER, false);
	const struct jv *max = member(L, w, path, "max", J_NUMBER, false);
	if (!ref) {
		return;
	}
	const char *p = join(L, path, "question");
	long t = -1;
	for (size_t i = 0; i < qlist->len && t < 0; i++) {
		const struct jv *id = jv_get(&qlist->kids[i], "id");
		if (id && id->type == J_STRING && strcmp(id->str, ref->str) == 0) {
			t = (long)i;
		}
	}
	if (t < 0) {
		report(L, VMAT_ERROR, ref, p, "unknown question %s",
		       jv_describe(got, sizeof(got), ref));
		return;
	}
	if ((size_t)t == qi) {
		report(L, VMAT_ERROR, ref, p, "a question cannot depend on itself");
		return;
	}
	if ((size_t)t > qi) {
		report(L, VMAT_ERROR, ref, p,
		       "%s comes later (questions[%ld]); a when can refer only to an earlier "
		       "question",
		       jv_describe(got, sizeof(got), ref), t);
		return;
	}
	if (L->bad_type && L->bad_type[t]) {
		return;	/* its type was reported; nothing more to say about it */
	}
	const struct vmat_question *target = &L->s->questions[t];
	bool listed = target->type == VMAT_CHOICE || target->type == VMAT_MULTI ||
		      target->type == VMAT_YESNO;
	bool numeric = target->type == VMAT_SCALE || target->type == VMAT_NUMBER ||
		       target->type == VMAT_PERCENT;
	if (!jv_get(w, "in") == !(jv_get(w, "min") || jv_get(w, "max"))) {
		report(L, VMAT_ERROR, w, path, "expected either \"in\" or \"min\"/\"max\"");
		return;
	}
	if ((jv_get(w, "in") && !in) || (jv_get(w, "min") && !min) || (jv_get(w, "max") && !max)) {
		return;	/* reported by member() */
	}
	q->has_when = true;
	q->when_question = (size_t)t;
	if (in) {
		const char *ipath = join(L, path, "in");
		if (!listed) {
			report(L, VMAT_ERROR, in, ipath,
			       "\"in\" applies to choice, multi and yesno questions; \"%s\" is a %s "
			       "question",
			       target->id, type_names[target->type]);
			return;
		}
		if (in->len == 0) {
			report(L, VMAT_ERROR, in, ipath, "expected at least one value");
			return;
		}
		const char **vals = arena_calloc(L->a, in->len, sizeof(*vals));
		if (!vals) {
			L->oom = true;
			return;
		}
		for (size_t i = 0; i < in->len; i++) {
			const struct jv *v = &in->kids[i];
			const char *vp = item(L, ipath, i);
			if (v->type != J_STRING) {
				report(L, VMAT_ERROR, v, vp, "expected a string, got %s",
				       jv_describe(got, sizeof(got), v));
			} else if (!choice_exists(target, v->str)) {
				report(L, VMAT_ERROR, v, vp, "%s is not a choice of \"%s\"",
				       jv_describe(got, sizeof(got), v), target->id);
			}
			vals[i] = v->type == J_STRING ? v->str : "";
		}
		q->when_in = vals;
		q->nwhen_in = in->len;
		return;
	}
	if (!numeric) {
		report(L, VMAT_ERROR, min ? min : max, join(L, path, min ? "min" : "max"),
		       "\"min\" and \"max\" apply to scale, number and percent questions; \"%s\" "
		       "is a %s question",
		       target->id, type_names[target->type]);
		return;
	}
	q->when_min = min ? min->num : -INFINITY;
	q->when_max = max ? max->num : INFINITY;
}

static void
load_questions(struct loader *L, const struct jv *list)
{
	/* Keys per type; the common ones come first in every list. */
	static const char *const common[] = { "id", "type", "text", "help", "dimension",
					      "weight", "required", "when" };
	static const char *const extra[][5] = {
		[VMAT_CHOICE] = { "choices" },
		[VMAT_MULTI] = { "choices", "combine" },
		[VMAT_YESNO] = { "yes", "no" },
		[VMAT_SCALE] = { "min", "max", "unit" },
		[VMAT_NUMBER] = { "thresholds", "direction", "min", "max", "unit" },
		[VMAT_PERCENT] = { "thresholds", "direction", "min", "max", "unit" },
		[VMAT_TEXT] = { NULL },
	};
	struct vmat_survey *s = L->s;
	if (list->len == 0) {
		report(L, VMAT_ERROR, list, "questions", "expected at least one question");
	}
	s->questions = arena_calloc(L->a, list->len + 1, sizeof(*s->questions));
	const char **ids = arena_calloc(L->a, list->len + 1, sizeof(*ids));
	if (!s->questions || !ids) {
		L->oom = true;
		return;
	}
	s->nquestions = list->len;
	L->bad_type = arena_calloc(&L->scratch, list->len + 1, sizeof(*L->bad_type));
	for (size_t i = 0; i < list->len; i++) {
		const struct jv *o = &list->kids[i];
		struct vmat_question *q = &s->questions[i];
		char got[96];
		const char *path = item(L, "questions", i);
		q->id = "";
		q->dimension = -1;
		q->weight = 1;
		q->yes_level = q->no_level = NAN;
		q->when_min = -INFINITY;
		q->when_max = INFINITY;
		if (o->type != J_OBJECT) {
			report(L, VMAT_ERROR, o, path, "expected an object, got %s",
			       jv_describe(got, sizeof(got), o));
			continue;
		}
		bool type_ok;
		q->type = question_type(L, o, path, &type_ok);
		if (L->bad_type) {
			L->bad_type[i] = !type_ok;
		}
		const char *keys[COUNT(common) + 6] = { NULL };
		memcpy(keys, common, sizeof(common));
		for (size_t k = 0; type_ok && k < 5 && extra[q->type][k]; k++) {
			keys[COUNT(common) + k] = extra[q->type][k];
		}
		if (type_ok) {
			check_keys(L, o, path, keys);
		}
		ids[i] = id_member(L, o, path, false);
		/* reference §3: question ids share the bulk CSV header with the fields
		 * and the optional format/survey/survey_version columns. */
		bool taken = ids[i] && (vmat_survey_field_index(s, ids[i]) >= 0 ||
					strcmp(ids[i], "format") == 0 || strcmp(ids[i], "survey") == 0 ||
					strcmp(ids[i], "survey_version") == 0);
		if (taken) {
			report(L, VMAT_ERROR, jv_get(o, "id"), join(L, path, "id"),
			       "\"%s\" is also a field or a bulk CSV column of its own; the columns "
			       "must be unique",
			       ids[i]);
			q->id = ids[i];	/* named in later messages; the survey is invalid anyway */
		} else if (unique_id(L, ids, i, list, "questions", "question id", false)) {
			q->id = ids[i];
		}
		q->text = string_member(L, o, path, "text", true);
		q->help = string_member(L, o, path, "help", false);
		q->unit = string_member(L, o, path, "unit", false);
		q->weight = weight_member(L, o, path);
		q->required = bool_member(L, o, path, "required", true);
		const struct jv *dim = member(L, o, path, "dimension", J_STRING, false);
		if (dim) {
			q->dimension = find_dimension(s, dim->str);
			if (q->dimension < 0) {
				report(L, VMAT_ERROR, dim, join(L, path, "dimension"),
				       "unknown dimension %s", jv_describe(got, sizeof(got), dim));
			} else {
				s->dims[q->dimension].nquestions++;
			}
		}
		switch (q->type) {
		case VMAT_CHOICE:
		case VMAT_MULTI:
			load_choices(L, q, o, path);
			break;
		case VMAT_YESNO:
			load_yesno(L, q, o, path);
			break;
		case VMAT_SCALE:
			load_bounds(L, q, o, path);
			break;
		case VMAT_NUMBER:
		case VMAT_PERCENT:
			load_bounds(L, q, o, path);
			load_thresholds(L, q, o, path);
			break;
		case VMAT_TEXT:
			break;
		}
		const struct jv *combine = q->type == VMAT_MULTI
						   ? member(L, o, path, "combine", J_STRING, false)
						   : NULL;
		if (combine) {
			if (strcmp(combine->str, "mean") == 0) {
				q->combine = VMAT_COMBINE_MEAN;
			} else if (strcmp(combine->str, "sum") == 0) {
				q->combine = VMAT_COMBINE_SUM;
			} else if (strcmp(combine->str, "max") != 0) {
				report(L, VMAT_ERROR, combine, join(L, path, "combine"),
				       "expected \"max\", \"mean\" or \"sum\", got %s",
				       jv_describe(got, sizeof(got), combine));
			}
		}
		const struct jv *dir = q->type == VMAT_NUMBER || q->type == VMAT_PERCENT
					       ? member(L, o, path, "direction", J_STRING, false)
					       : NULL;
		if (dir) {
			q->lower_is_better = strcmp(dir->str, "lower-is-better") == 0;
			if (!q->lower_is_better && strcmp(dir->str, "higher-is-better") != 0) {
				report(L, VMAT_ERROR, dir, join(L, path, "direction"),
				       "expected \"higher-is-better\" or \"lower-is-better\", got %s",
				       jv_describe(got, sizeof(got), dir));
			}
		}
		load_when(L, q, i, o, path, list);
	}
}

static void
load(struct loader *L, const struct jv *root)
{
	static const char *const keys[] = { "format", "id", "version", "title", "description",
					    "stages", "dimensions", "fields", "questions", NULL };
	struct vmat_survey *s = L->s;
	char got[96];
	if (root->type != J_OBJECT) {
		report(L, VMAT_ERROR, root, "", "expected a survey (an object), got %s",
		       jv_describe(got, sizeof(got), root));
		return;
	}
	check_keys(L, root, "", keys);
	const struct jv *format = member(L, root, "", "format", J_STRING, true);
	if (format && strcmp(format->str, "vmat-survey/1") != 0) {
		report(L, VMAT_ERROR, format, "format", "expected \"vmat-survey/1\", got %s",
		       jv_describe(got, sizeof(got), format));
	}
	const struct jv *id = member(L, root, "", "id", J_STRING, true);
	if (id && !is_survey_id(id->str)) {
		report(L, VMAT_ERROR, id, "id",
		       "%s is not a valid survey id (a lower-case letter or digit, then lower-case "
		       "letters, digits, _ or -)",
		       jv_describe(got, sizeof(got), id));
	}
	s->id = id ? id->str : "";
	const struct jv *version = member(L, root, "", "version", J_NUMBER, true);
	if (version && (version->num < 1 || version->num != floor(version->num) ||
			version->num > 2147483647)) {
		report(L, VMAT_ERROR, version, "version", "expected a positive integer, got %s",
		       jv_describe(got, sizeof(got), version));
	} else if (version) {
		s->version = (long)version->num;
	}
	s->title = string_member(L, root, "", "title", true);
	s->description = string_member(L, root, "", "description", false);

	/* S comes first: levels everywhere are checked against 0..S. */
	const struct jv *stages = list_member(L, root, "", "stages", true);
	if (stages && (stages->len < 1 || stages->len > 9)) {
		report(L, VMAT_ERROR, stages, "stages", "expected 1 to 9 stages, got %zu",
		       stages->len);
		stages = NULL;
	}
	L->no_stages = !stages;	/* one problem, not one per level */
	if (stages) {
		s->nstages = stages->len;
		s->stages = arena_calloc(L->a, stages->len, sizeof(*s->stages));
	}
	const struct jv *dims = list_member(L, root, "", "dimensions", true);
	if (dims) {
		load_dimensions(L, dims);
	}
	if (stages) {
		load_stages(L, stages);
	}
	const struct jv *fields = list_member(L, root, "", "fields", false);
	load_fields(L, fields);
	const struct jv *questions = list_member(L, root, "", "questions", true);
	if (questions && !L->oom && s->fields) {
		load_questions(L, questions);
	}
}

int
vmat_survey_parse(struct vmat_survey **out, const char *buf, size_t len, const char *name,
		  struct vmat_diags *diags)
{
	*out = NULL;
	struct file_text ft;
	int rc = text_check(&ft, buf, len, name, diags);
	if (rc != VMAT_OK) {
		return rc;
	}
	struct vmat_survey *s = calloc(1, sizeof(*s));
	if (!s) {
		free(ft.data);
		return VMAT_ENOMEM;
	}
	struct jv *root;
	size_t first = diags ? vmat_diags_count(diags) : 0;
	rc = json_parse_partial(&root, &s->arena, ft.data, ft.len, name, diags);
	if (rc == VMAT_OK || (rc == VMAT_EINVAL && root)) {
		struct loader L = { .s = s, .a = &s->arena, .file = name, .diags = diags,
				    .failed = rc != VMAT_OK };
		load(&L, root);
		diag_sort_from(diags, first);	/* in the order of the file */
		arena_free(&L.scratch);
		rc = L.oom ? VMAT_ENOMEM : L.failed ? VMAT_EINVAL : VMAT_OK;
	}
	free(ft.data);
	if (rc != VMAT_OK) {
		vmat_survey_destroy(s);
		return rc;
	}
	*out = s;
	return VMAT_OK;
}

int
vmat_survey_load(struct vmat_survey **out, const char *path, struct vmat_diags *diags)
{
	*out = NULL;
	struct file_text ft;
	int rc = file_read(&ft, path, MAX_JSON_FILE, diags);
	if (rc != VMAT_OK) {
		return rc;
	}
	rc = vmat_survey_parse(out, ft.data, ft.len, path, diags);
	free(ft.data);
	return rc;
}

void
vmat_survey_destroy(struct vmat_survey *s)
{
	if (!s) {
		return;
	}
	arena_free(&s->arena);
	free(s);
}

const char *
vmat_survey_id(const struct vmat_survey *s)
{
	return s->id;
}

long
vmat_survey_version(const struct vmat_survey *s)
{
	return s->version;
}

const char *
vmat_survey_title(const struct vmat_survey *s)
{
	return s->title;
}

const struct vmat_stage *
vmat_survey_stages(const struct vmat_survey *s, size_t *count)
{
	*count = s->nstages;
	return s->stages;
}

const struct vmat_dimension *
vmat_survey_dimensions(const struct vmat_survey *s, size_t *count)
{
	*count = s->ndims;
	return s->dims;
}

const struct vmat_field *
vmat_survey_fields(const struct vmat_survey *s, size_t *count)
{
	*count = s->nfields;
	return s->fields;
}

const struct vmat_question *
vmat_survey_questions(const struct vmat_survey *s, size_t *count)
{
	*count = s->nquestions;
	return s->questions;
}

const char *
vmat_survey_stage_id(const struct vmat_survey *s, int stage)
{
	return stage <= 0 || (size_t)stage > s->nstages ? "not-started" : s->stages[stage - 1].id;
}

long
vmat_survey_field_index(const struct vmat_survey *s, const char *id)
{
	for (size_t i = 0; i < s->nfields; i++) {
		if (s->fields[i].id && strcmp(s->fields[i].id, id) == 0) {
			return (long)i;
		}
	}
	return -1;
}

long
vmat_survey_question_index(const struct vmat_survey *s, const char *id)
{
	for (size_t i = 0; i < s->nquestions; i++) {
		if (strcmp(s->questions[i].id, id) == 0) {
			return (long)i;
		}
	}
	return -1;
}

long
survey_question_typed(const struct vmat_survey *s, const char *id, enum vmat_question_type type)
{
	long q = vmat_survey_question_index(s, id);
	return q >= 0 && s->questions[q].type == type ? q : -1;
}

long
survey_dimension_id(const struct vmat_survey *s, const char *id)
{
	size_t nd;
	const struct vmat_dimension *dims = vmat_survey_dimensions(s, &nd);
	for (size_t d = 0; d < nd; d++) {
		if (strcmp(dims[d].id, id) == 0) {
			return (long)d;
		}
	}
	return -1;
}

const char *
survey_advice(const struct vmat_dimension *d, double v)
{
	const struct vmat_advice *best = NULL;
	for (size_t i = 0; i < d->nadvice; i++) {
		const struct vmat_advice *a = &d->advice[i];
		if ((isnan(v) || v < a->below - TOLERANCE) && (!best || a->below < best->below)) {
			best = a;
		}
	}
	return best ? best->text : NULL;
}
