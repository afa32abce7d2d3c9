/* An interview as a person answers it (issue 15): where it stands, what
 * comes next, what a change showed or hid. No terminal here: `vmat
 * interview` reads lines and prints, and the unit tests drive this directly.
 * Every value goes into a draft (draft.c), so that it is checked exactly as a
 * bulk CSV cell would be. */
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "private.h"

struct vmat_interview {
	const struct vmat_survey *s;
	const struct vmat_field *fields;
	const struct vmat_question *qs;
	size_t nfields, nq;
	struct vmat_draft *draft;
	struct vmat_result res;
	struct vmat_interview_pos pos;
	/* After vmat_interview_edit() or _ask_unanswered(): the questions in
	 * pending are asked, then the review comes again, wherever they are. */
	bool editing;
	bool *pending;
	bool *shown;		/* `when` holds, the question's own N/A aside */
	bool *was;		/* shown[] before the change being made */
	size_t *revealed, *hidden, *unanswered, *missing;
	size_t nrevealed, nhidden, nunanswered, nmissing;
	const char **words;	/* vmat_interview_complete()'s candidates */
	struct vmat_diags *scratch;
	char *path;		/* the draft's file; NULL while there is none */
	char *saved;		/* the response's file, once saved */
};

static const char *const na_reasons[] = { "out-of-scope", "business-priority", "constraint",
					  "other" };

/* Scores the draft as it stands: shown[], and the lists that follow from it. */
static void
refresh(struct vmat_interview *iv)
{
	const struct vmat_response *r;
	/* A draft holds only values it checked, so this fails only for
	 * lack of memory; shown[] then stays as it was. */
	if (vmat_draft_response(iv->draft, false, &r, iv->scratch) == VMAT_OK) {
		vmat_score(iv->s, r, &iv->res);
		for (size_t i = 0; i < iv->nq; i++) {
			iv->shown[i] = iv->res.visible[i] ||
				       (r->answers[i].state == VMAT_NOT_APPLICABLE &&
					question_shown(iv->s, r->answers, iv->res.visible, i));
		}
	}
	vmat_diags_clear(iv->scratch);
	iv->nunanswered = 0;
	for (size_t i = 0; i < iv->nq; i++) {
		if (iv->shown[i] && !vmat_draft_answer(iv->draft, i)) {
			iv->unanswered[iv->nunanswered++] = i;
		}
	}
	iv->nmissing = 0;
	for (size_t i = 1; i < iv->nfields; i++) {
		if (iv->fields[i].required && !vmat_draft_field(iv->draft, i)) {
			iv->missing[iv->nmissing++] = i;
		}
	}
}

/* After a change: which questions it showed and hid. In edit mode the
 * questions it showed without an answer are to be asked before the review. */
static void
changed(struct vmat_interview *iv)
{
	memcpy(iv->was, iv->shown, iv->nq * sizeof(*iv->was));
	refresh(iv);
	iv->nrevealed = iv->nhidden = 0;
	for (size_t i = 0; i < iv->nq; i++) {
		if (iv->shown[i] && !iv->was[i]) {
			iv->revealed[iv->nrevealed++] = i;
			iv->pending[i] |= iv->editing && !vmat_draft_answer(iv->draft, i);
		} else if (!iv->shown[i] && iv->was[i]) {
			iv->hidden[iv->nhidden++] = i;
			iv->pending[i] = false;
		}
	}
}

static struct vmat_interview_pos
at(enum vmat_interview_step step, size_t index)
{
	return (struct vmat_interview_pos){ .step = step, .index = index };
}

/* The first question shown from i on, or the review. */
static struct vmat_interview_pos
question_from(const struct vmat_interview *iv, size_t i)
{
	while (i < iv->nq && !iv->shown[i]) {
		i++;
	}
	return i < iv->nq ? at(VMAT_STEP_QUESTION, i) : at(VMAT_STEP_REVIEW, 0);
}

/* Moves on once the current step is done with. */
static void
advance(struct vmat_interview *iv)
{
	if (iv->pos.step == VMAT_STEP_QUESTION) {
		iv->pending[iv->pos.index] = false;
	}
	if (iv->editing) {
		size_t i = 0;
		while (i < iv->nq && !(iv->pending[i] && iv->shown[i])) {
			i++;
		}
		iv->editing = i < iv->nq;
		iv->pos = iv->editing ? at(VMAT_STEP_QUESTION, i) : at(VMAT_STEP_REVIEW, 0);
	} else if (iv->pos.step == VMAT_STEP_FIELD && iv->pos.index + 1 < iv->nfields) {
		iv->pos.index++;
	} else if (iv->pos.step == VMAT_STEP_FIELD) {
		iv->pos = question_from(iv, 0);
	} else if (iv->pos.step == VMAT_STEP_QUESTION) {
		iv->pos = question_from(iv, iv->pos.index + 1);
	}
}

void
vmat_interview_destroy(struct vmat_interview *iv)
{
	if (!iv) {
		return;
	}
	vmat_draft_destroy(iv->draft);
	vmat_result_finish(&iv->res);
	vmat_diags_destroy(iv->scratch);
	free(iv->pending);
	free(iv->shown);
	free(iv->was);
	free(iv->revealed);
	free(iv->hidden);
	free(iv->unanswered);
	free(iv->missing);
	free(iv->words);
	free(iv->path);
	free(iv->saved);
	free(iv);
}

int
vmat_interview_create(struct vmat_interview **out, const struct vmat_survey *survey)
{
	*out = NULL;
	struct vmat_interview *iv = calloc(1, sizeof(*iv));
	if (!iv) {
		return VMAT_ENOMEM;
	}
	iv->s = survey;
	iv->fields = vmat_survey_fields(survey, &iv->nfields);
	iv->qs = vmat_survey_questions(survey, &iv->nq);
	size_t n = iv->nq + 1;
	iv->pending = calloc(n, sizeof(*iv->pending));
	iv->shown = calloc(n, sizeof(*iv->shown));
	iv->was = calloc(n, sizeof(*iv->was));
	iv->revealed = calloc(n, sizeof(*iv->revealed));
	iv->hidden = calloc(n, sizeof(*iv->hidden));
	iv->unanswered = calloc(n, sizeof(*iv->unanswered));
	iv->missing = calloc(iv->nfields + 1, sizeof(*iv->missing));
	/* room for the longest list Tab can offer: values, choices, yes and no */
	size_t nwords = 2;
	for (size_t i = 0; i < iv->nfields; i++) {
		nwords = iv->fields[i].nvalues > nwords ? iv->fields[i].nvalues : nwords;
	}
	for (size_t i = 0; i < iv->nq; i++) {
		nwords = iv->qs[i].nchoices > nwords ? iv->qs[i].nchoices : nwords;
	}
	size_t ncountries;
	country_names(&ncountries);
	nwords = ncountries > nwords ? ncountries : nwords;
	iv->words = calloc(nwords, sizeof(*iv->words));
	if (!iv->words || !iv->pending || !iv->shown || !iv->was || !iv->revealed || !iv->hidden ||
	    !iv->unanswered || !iv->missing || vmat_diags_create(&iv->scratch) != VMAT_OK ||
	    vmat_result_init(&iv->res, survey) != VMAT_OK ||
	    vmat_draft_create(&iv->draft, survey) != VMAT_OK) {
		vmat_interview_destroy(iv);
		return VMAT_ENOMEM;
	}
	/* field 0 is the id, made rather than asked */
	iv->pos = iv->nfields > 1 ? at(VMAT_STEP_FIELD, 1) : at(VMAT_STEP_QUESTION, 0);
	refresh(iv);
	if (iv->nfields <= 1) {
		iv->pos = question_from(iv, 0);
	}
	*out = iv;
	return VMAT_OK;
}

/* Issue 15: an arrow key at a terminal that does not edit types ESC [ D into
 * the answer, and the terminal hides it. No control character is stored, nor
 * bytes that are not UTF-8 (they would make the draft unreadable). */
static bool
text_ok(const char *s, struct vmat_diags *diags)
{
	size_t len = strlen(s), bad = utf8_check(s, len);
	char shown[96];
	if (bad < len) {
		diag_add(diags, VMAT_ERROR, "", 0, 0, "", "%s is not valid UTF-8",
			 quote_value(shown, sizeof(shown), s, len));
		return false;
	}
	for (size_t i = 0; i < len; i++) {
		unsigned char c = (unsigned char)s[i];
		unsigned cp = c < 0x80 ? c : 0;
		if (c == 0xC2 && (unsigned char)s[i + 1] <= 0x9F) {
			cp = (unsigned char)s[i + 1];	/* C1 controls, U+0080..U+009F */
		}
		if ((cp && cp < 0x20) || (cp >= 0x7F && cp <= 0x9F)) {
			diag_add(diags, VMAT_ERROR, "", 0, 0, "", "control character U+%04X in %s",
				 cp, quote_value(shown, sizeof(shown), s, len));
			return false;
		}
	}
	return true;
}

/* What a person typed, without the blanks around it; malloc'd, NULL when
 * out of memory. No length limit: a long note is cut by no one. */
static char *
typed(const char *in)
{
	size_t len = in ? strlen(in) : 0;
	const char *t = in ? trim(in, &len) : "";
	return strndup(t, len);
}

/* "3" for the third of n items; 0 when s is not such a number. */
static size_t
item_number(const char *s, size_t n)
{
	char *end;
	long k = strtol(s, &end, 10);
	return *s >= '0' && *s <= '9' && *end == '\0' && k >= 1 && (size_t)k <= n ? (size_t)k : 0;
}

const char *
typed_value(const struct vmat_question *q, const char *s, size_t len)
{
	for (size_t i = 0; i < q->nchoices; i++) {
		const char *label = q->choices[i].label;
		if (strlen(label) == len && strncasecmp(label, s, len) == 0) {
			return q->choices[i].id;
		}
	}
	static const char *const words[] = { "yes", "true", "no", "false" };
	for (size_t i = 0; q->type == VMAT_YESNO && i < COUNT(words); i++) {
		if (strlen(words[i]) == len && strncasecmp(words[i], s, len) == 0) {
			return i < 2 ? "yes" : "no";
		}
	}
	return NULL;
}

/* A choice by its number in the list, its label or its id. */
static const char *
choice_id(const struct vmat_question *q, const char *s)
{
	size_t k = item_number(s, q->nchoices);
	const char *id = k ? q->choices[k - 1].id : typed_value(q, s, strlen(s));
	return id ? id : s;
}

/* Turns what was typed at a question (in, which it may change) into its
 * bulk CSV cell (reference §3): choices by number, y and n, a percent's "%".
 * malloc'd; NULL when out of memory. */
static char *
cell(const struct vmat_question *q, char *in)
{
	size_t n;
	switch (q->type) {
	case VMAT_CHOICE:
		return strdup(choice_id(q, in));
	case VMAT_MULTI: {
		/* "1, 3", "1 3" or "1;3": numbers, ids or one-word labels */
		char *out = NULL;
		size_t len = 0;
		FILE *fp = open_memstream(&out, &len);
		if (!fp) {
			return NULL;
		}
		bool first = true;
		for (char *save, *tok = strtok_r(in, ", ;", &save); tok;
		     tok = strtok_r(NULL, ", ;", &save), first = false) {
			fprintf(fp, "%s%s", first ? "" : ";", choice_id(q, tok));
		}
		return fclose(fp) == 0 ? out : (free(out), NULL);
	}
	case VMAT_YESNO:
		if (strcasecmp(in, "y") == 0 || strcasecmp(in, "n") == 0) {
			return strdup(tolower((unsigned char)*in) == 'y' ? "yes" : "no");
		}
		return strdup(choice_id(q, in));
	case VMAT_PERCENT:
		/* "%" alone is no number, not an empty answer */
		n = percent_len(in, strlen(in));
		return n ? strndup(in, n) : strdup(in);
	default:
		return strdup(in);
	}
}

static int
nothing_asked(const struct vmat_interview *iv, struct vmat_diags *diags)
{
	(void)iv;
	diag_add(diags, VMAT_ERROR, "", 0, 0, "", "nothing is being asked: this is the review");
	return VMAT_EINVAL;
}

int
vmat_interview_keep(struct vmat_interview *iv, struct vmat_diags *diags)
{
	struct vmat_interview_pos p = iv->pos;
	if (p.step == VMAT_STEP_REVIEW) {
		return nothing_asked(iv, diags);
	}
	if (p.step == VMAT_STEP_FIELD && iv->fields[p.index].required &&
	    !vmat_draft_field(iv->draft, p.index)) {
		diag_add(diags, VMAT_ERROR, "", 0, 0, "", "%s is required", iv->fields[p.index].name);
		return VMAT_EINVAL;
	}
	if (p.step == VMAT_STEP_QUESTION && !vmat_draft_answer(iv->draft, p.index)) {
		diag_add(diags, VMAT_ERROR, "", 0, 0, "", "no answer to keep");
		return VMAT_EINVAL;
	}
	advance(iv);
	return VMAT_OK;
}

/* Sets field i or question i's answer to a checked value: VMAT_OK, with the
 * change recorded, or VMAT_EINVAL and nothing changed. */
static int
set_field(struct vmat_interview *iv, size_t i, const char *value, struct vmat_diags *diags)
{
	if (value && !text_ok(value, diags)) {
		return VMAT_EINVAL;
	}
	/* the declared spelling, as the response will have it (reference §2),
	 * so that the review shows what will be saved */
	const struct vmat_field *f = &iv->fields[i];
	for (size_t k = 0; value && k < f->nvalues; k++) {
		size_t n = strlen(value);
		const char *v = trim(value, &n);
		if (strncasecmp(f->values[k], v, n) == 0 && f->values[k][n] == '\0') {
			value = f->values[k];
		}
	}
	int rc = vmat_draft_set_field(iv->draft, i, value, diags);
	if (rc == VMAT_OK) {
		changed(iv);
	}
	return rc;
}

static int
set_answer(struct vmat_interview *iv, size_t i, const char *text, struct vmat_diags *diags)
{
	if (text && !text_ok(text, diags)) {
		return VMAT_EINVAL;
	}
	int rc = vmat_draft_set_answer(iv->draft, i, text, diags);
	if (rc == VMAT_OK) {
		changed(iv);
	}
	return rc;
}

int
vmat_interview_answer(struct vmat_interview *iv, const char *input, struct vmat_diags *diags)
{
	struct vmat_interview_pos p = iv->pos;
	if (p.step == VMAT_STEP_REVIEW) {
		return nothing_asked(iv, diags);
	}
	char *in = typed(input), *text = NULL;
	if (!in) {
		return VMAT_ENOMEM;
	}
	int rc;
	if (!*in) {
		rc = vmat_interview_keep(iv, diags);
	} else if (p.step == VMAT_STEP_FIELD) {
		const struct vmat_field *f = &iv->fields[p.index];
		size_t k = item_number(in, f->nvalues);
		rc = set_field(iv, p.index, k ? f->values[k - 1] : in, diags);
	} else {
		text = cell(&iv->qs[p.index], in);
		rc = text ? set_answer(iv, p.index, text, diags) : VMAT_ENOMEM;
	}
	if (rc == VMAT_OK && *in) {
		advance(iv);
	}
	free(text);
	free(in);
	return rc;
}

int
vmat_interview_skip(struct vmat_interview *iv, struct vmat_diags *diags)
{
	struct vmat_interview_pos p = iv->pos;
	int rc = VMAT_OK;
	if (p.step == VMAT_STEP_REVIEW) {
		return nothing_asked(iv, diags);
	}
	if (p.step == VMAT_STEP_FIELD && iv->fields[p.index].required) {
		diag_add(diags, VMAT_ERROR, "", 0, 0, "", "%s is required", iv->fields[p.index].name);
		return VMAT_EINVAL;
	}
	rc = p.step == VMAT_STEP_FIELD ? set_field(iv, p.index, NULL, diags)
				       : set_answer(iv, p.index, NULL, diags);
	if (rc == VMAT_OK) {
		advance(iv);
	}
	return rc;
}

int
vmat_interview_not_applicable(struct vmat_interview *iv, const char *reason,
			      struct vmat_diags *diags)
{
	if (iv->pos.step != VMAT_STEP_QUESTION) {
		diag_add(diags, VMAT_ERROR, "", 0, 0, "", "only a question can be not applicable");
		return VMAT_EINVAL;
	}
	/* "3: no budget" or "constraint: no budget" (reference §2) */
	char *in = typed(reason), *text = NULL;
	if (!in) {
		return VMAT_ENOMEM;
	}
	char *colon = strchr(in, ':');
	const char *details = "";
	if (colon) {
		*colon = '\0';
		size_t n = strlen(colon + 1);
		details = trim(colon + 1, &n);
		((char *)details)[n] = '\0';
	}
	size_t n = strlen(in);
	const char *word = trim(in, &n);
	((char *)word)[n] = '\0';
	size_t k = item_number(word, COUNT(na_reasons));
	if (k) {
		word = na_reasons[k - 1];
	}
	size_t size = strlen(word) + strlen(details) + sizeof("n/a:: ");
	int rc = VMAT_ENOMEM;
	if ((text = malloc(size))) {
		snprintf(text, size, "n/a%s%s%s%s", *word ? ":" : "", word, *details ? ": " : "",
			 details);
		rc = set_answer(iv, iv->pos.index, text, diags);
	}
	if (rc == VMAT_OK) {
		advance(iv);
	}
	free(text);
	free(in);
	return rc;
}

int
vmat_interview_set_note(struct vmat_interview *iv, size_t question, const char *text,
			struct vmat_diags *diags)
{
	char *in = typed(text);
	if (!in) {
		return VMAT_ENOMEM;
	}
	int rc = text_ok(in, diags) ? vmat_draft_set_note(iv->draft, question, in) : VMAT_EINVAL;
	if (rc == VMAT_OK) {
		changed(iv);
	}
	free(in);
	return rc;
}

bool
vmat_interview_back(struct vmat_interview *iv)
{
	struct vmat_interview_pos p = iv->pos;
	if (iv->editing) {
		/* an edit is left as it was: back to the review */
		iv->editing = false;
		memset(iv->pending, 0, iv->nq * sizeof(*iv->pending));
		iv->pos = at(VMAT_STEP_REVIEW, 0);
		return true;
	}
	if (p.step == VMAT_STEP_FIELD) {
		if (p.index <= 1) {
			return false;
		}
		iv->pos.index--;
		return true;
	}
	size_t i = p.step == VMAT_STEP_QUESTION ? p.index : iv->nq;
	while (i > 0 && !iv->shown[i - 1]) {
		i--;
	}
	if (i > 0) {
		iv->pos = at(VMAT_STEP_QUESTION, i - 1);
	} else if (iv->nfields > 1) {
		iv->pos = at(VMAT_STEP_FIELD, iv->nfields - 1);
	} else {
		return false;
	}
	return true;
}

int
vmat_interview_edit(struct vmat_interview *iv, struct vmat_interview_pos pos,
		    struct vmat_diags *diags)
{
	if (pos.step == VMAT_STEP_FIELD && (pos.index == 0 || pos.index >= iv->nfields)) {
		diag_add(diags, VMAT_ERROR, "", 0, 0, "", pos.index ? "no field %zu" :
				"the id is made, not asked", pos.index);
		return VMAT_EINVAL;
	}
	if (pos.step == VMAT_STEP_QUESTION && (pos.index >= iv->nq || !iv->shown[pos.index])) {
		if (pos.index >= iv->nq) {
			diag_add(diags, VMAT_ERROR, "", 0, 0, "", "no question %zu", pos.index);
		} else {
			diag_add(diags, VMAT_ERROR, "", 0, 0, "",
				 "question \"%s\" is hidden: the answers do not show it",
				 iv->qs[pos.index].id);
		}
		return VMAT_EINVAL;
	}
	memset(iv->pending, 0, iv->nq * sizeof(*iv->pending));
	iv->editing = pos.step != VMAT_STEP_REVIEW;
	iv->pos = pos.step == VMAT_STEP_REVIEW ? at(VMAT_STEP_REVIEW, 0) : pos;
	return VMAT_OK;
}

size_t
vmat_interview_ask_unanswered(struct vmat_interview *iv)
{
	memset(iv->pending, 0, iv->nq * sizeof(*iv->pending));
	for (size_t k = 0; k < iv->nunanswered; k++) {
		iv->pending[iv->unanswered[k]] = true;
	}
	if (iv->nunanswered) {
		iv->editing = true;
		iv->pos = at(VMAT_STEP_QUESTION, iv->unanswered[0]);
	}
	return iv->nunanswered;
}

struct vmat_interview_pos
vmat_interview_current(const struct vmat_interview *iv)
{
	return iv->pos;
}

bool
vmat_interview_shown(const struct vmat_interview *iv, size_t question)
{
	return iv->shown[question];
}

const size_t *
vmat_interview_revealed(const struct vmat_interview *iv, size_t *count)
{
	*count = iv->nrevealed;
	return iv->revealed;
}

const size_t *
vmat_interview_hidden(const struct vmat_interview *iv, size_t *count)
{
	*count = iv->nhidden;
	return iv->hidden;
}

const size_t *
vmat_interview_unanswered(const struct vmat_interview *iv, size_t *count)
{
	*count = iv->nunanswered;
	return iv->unanswered;
}

const size_t *
vmat_interview_missing_fields(const struct vmat_interview *iv, size_t *count)
{
	*count = iv->nmissing;
	return iv->missing;
}

void
vmat_interview_progress(const struct vmat_interview *iv, struct vmat_interview_progress *out)
{
	*out = (struct vmat_interview_progress){ .fields_missing = iv->nmissing };
	for (size_t i = 0; i < iv->nq; i++) {
		if (iv->shown[i]) {
			out->shown++;
			out->answered += vmat_draft_answer(iv->draft, i) != NULL;
			if (iv->pos.step == VMAT_STEP_QUESTION && i <= iv->pos.index) {
				out->position++;
			}
		}
	}
	if (iv->pos.step != VMAT_STEP_QUESTION || !iv->shown[iv->pos.index]) {
		out->position = 0;
	}
}

const struct vmat_draft *
vmat_interview_draft(const struct vmat_interview *iv)
{
	return iv->draft;
}

const struct vmat_result *
vmat_interview_result(const struct vmat_interview *iv)
{
	return &iv->res;
}

int
vmat_interview_response(struct vmat_interview *iv, bool complete,
			const struct vmat_response **out, struct vmat_diags *diags)
{
	return vmat_draft_response(iv->draft, complete, out, diags);
}

/* Whether word (len bytes) is one of the ids before it in a multi answer:
 * "vcenter, sc" does not offer vcenter again. */
static bool
typed_before(const char *typed, size_t end, const char *word)
{
	size_t len = strlen(word);
	for (size_t i = 0; i < end;) {
		size_t n = strcspn(typed + i, ", ;");
		if (n > end - i) {
			n = end - i;
		}
		if (n == len && strncasecmp(typed + i, word, n) == 0) {
			return true;
		}
		i += n ? n : 1;
	}
	return false;
}

const char *const *
vmat_interview_complete(struct vmat_interview *iv, const char *typed, size_t *start,
			size_t *count)
{
	static const char *const yesno[] = { "yes", "no" };
	const char *const *from = NULL;
	size_t n = 0, len = strlen(typed);
	bool multi = false;
	struct vmat_interview_pos p = iv->pos;
	if (p.step == VMAT_STEP_FIELD && p.index == 5 && !iv->fields[p.index].values) {
		from = country_names(&n);	/* built-in field 5: reference §1 */
	} else if (p.step == VMAT_STEP_FIELD) {
		from = iv->fields[p.index].values;
		n = iv->fields[p.index].nvalues;
	} else if (p.step == VMAT_STEP_QUESTION && iv->qs[p.index].type == VMAT_YESNO) {
		from = yesno;
		n = COUNT(yesno);
	} else if (p.step == VMAT_STEP_QUESTION && iv->qs[p.index].nchoices) {
		multi = iv->qs[p.index].type == VMAT_MULTI;
		n = iv->qs[p.index].nchoices;
	}
	*start = strspn(typed, " \t");
	if (multi) {
		/* the word after the last separator, as cell() splits them */
		size_t i = len;
		while (i > *start && !strchr(", ;", typed[i - 1])) {
			i--;
		}
		*start = i;
	}
	const char *word = typed + *start;
	size_t wlen = len - *start;
	*count = 0;
	for (size_t k = 0; k < n; k++) {
		const char *c = from ? from[k] : iv->qs[p.index].choices[k].id;
		if (strncasecmp(c, word, wlen) == 0 && !(multi && typed_before(typed, *start, c))) {
			iv->words[(*count)++] = c;
		}
	}
	return iv->words;
}

/* ## Resuming a draft, perhaps of an older version of the survey */

/* A JSON answer as its bulk CSV cell (reference §2 to §3), malloc'd; NULL
 * when out of memory. Only the form changes: the draft checks the value. */
static char *
json_cell(const struct jv *v)
{
	char *text = NULL, num[40];
	size_t len = 0;
	FILE *fp = open_memstream(&text, &len);
	if (!fp) {
		return NULL;
	}
	const struct jv *na = v->type == J_OBJECT && v->len == 1 ? jv_get(v, "na") : NULL;
	switch (v->type) {
	case J_STRING:
		fwrite(v->str, 1, v->len, fp);
		break;
	case J_NUMBER:
		fputs(fmt_exact(num, v->num), fp);
		break;
	case J_TRUE:
	case J_FALSE:
		fputs(v->type == J_TRUE ? "yes" : "no", fp);
		break;
	case J_ARRAY:
		/* reference §3: ";" alone is "nothing chosen" */
		for (size_t i = 0; i < v->len || i == 0; i++) {
			fputs(i || !v->len ? ";" : "", fp);
			if (i < v->len) {
				const struct jv *c = &v->kids[i];
				if (c->type == J_STRING) {
					fwrite(c->str, 1, c->len, fp);
				} else {
					fputs(jv_describe(num, sizeof(num), c), fp);
				}
			}
		}
		break;
	case J_OBJECT:
		if (na && (na->type == J_STRING || na->type == J_NULL)) {
			fprintf(fp, "n/a%s%.*s", na->str ? ":" : "", (int)na->len,
				na->str ? na->str : "");
		} else {
			fputs(jv_describe(num, sizeof(num), v), fp);
		}
		break;
	case J_NULL:
	case J_BAD:	/* json_parse() gives none */
		break;
	}
	return fclose(fp) == 0 ? text : (free(text), NULL);
}

enum kept { K_FIELD, K_ANSWER, K_NOTE };

/* One value of the draft file (field, answer or note `index`, -1 when the
 * survey has none such), set or dropped with a warning that shows it: what
 * was typed is never lost without a word. */
static int
restore(struct vmat_interview *iv, const char *path, const struct jv *v, enum kept kind,
	long index, const char *where, struct vmat_diags *diags)
{
	static const char *const what[] = { "value", "answer", "note" };
	if (v->type == J_NULL) {
		return VMAT_OK;
	}
	char *text = v->type == J_STRING ? strndup(v->str, v->len) : json_cell(v);
	char shown[96], why[512] = "";
	if (!text) {
		return VMAT_ENOMEM;
	}
	int rc = VMAT_EINVAL;
	if (kind != K_ANSWER && v->type != J_STRING) {
		snprintf(why, sizeof(why), "expected a string, got %s",
			 jv_describe(shown, sizeof(shown), v));
	} else if (index < 0) {
		snprintf(why, sizeof(why), "survey \"%s\" version %ld has no %s \"%s\"",
			 vmat_survey_id(iv->s), vmat_survey_version(iv->s),
			 kind == K_FIELD ? "field" : "question", v->key);
	} else if (kind == K_FIELD) {
		rc = set_field(iv, (size_t)index, text, iv->scratch);
	} else if (kind == K_NOTE) {
		rc = text_ok(text, iv->scratch) ? vmat_draft_set_note(iv->draft, (size_t)index, text)
						: VMAT_EINVAL;
	} else {
		rc = set_answer(iv, (size_t)index, text, iv->scratch);
	}
	if (rc == VMAT_EINVAL && !*why) {
		snprintf(why, sizeof(why), "%s",
			 vmat_diags_count(iv->scratch) ? vmat_diags_get(iv->scratch, 0)->msg
						       : "not valid");
	}
	vmat_diags_clear(iv->scratch);
	if (rc == VMAT_EINVAL) {
		rc = diag_add(diags, VMAT_WARNING, path, v->line, v->col, where, "%s %s dropped: %s",
			      what[kind], quote_value(shown, sizeof(shown), text, strlen(text)),
			      why);
	}
	free(text);
	return rc;
}

/* The answers or notes object of a draft file. */
static int
restore_all(struct vmat_interview *iv, const char *path, const struct jv *obj, enum kept kind,
	    struct vmat_diags *diags)
{
	char where[160], got[96];
	const char *key = kind == K_NOTE ? "notes" : "answers";
	if (obj->type == J_NULL) {
		return VMAT_OK;
	}
	if (obj->type != J_OBJECT) {
		return diag_add(diags, VMAT_WARNING, path, obj->line, obj->col, key,
				"%s dropped: expected an object, got %s", key,
				jv_describe(got, sizeof(got), obj));
	}
	int rc = VMAT_OK;
	for (size_t i = 0; i < obj->len && rc == VMAT_OK; i++) {
		const struct jv *v = &obj->kids[i];
		snprintf(where, sizeof(where), "%s.%s", key, v->key);
		rc = restore(iv, path, v, kind, vmat_survey_question_index(iv->s, v->key), where,
			     diags);
	}
	return rc;
}

/* Where a resumed interview goes on: the first required field without a
 * value, else the first question shown without an answer, else the review. */
static void
resume_position(struct vmat_interview *iv)
{
	if (iv->nmissing) {
		iv->pos = at(VMAT_STEP_FIELD, iv->missing[0]);
	} else if (iv->nunanswered) {
		iv->pos = at(VMAT_STEP_QUESTION, iv->unanswered[0]);
	} else {
		iv->pos = at(VMAT_STEP_REVIEW, 0);
	}
}

int
vmat_interview_resume(struct vmat_interview **out, const struct vmat_survey *survey,
		      const char *path, struct vmat_diags *diags)
{
	*out = NULL;
	struct file_text ft;
	struct arena arena = { 0 };
	struct jv *root = NULL;
	struct vmat_interview *iv = NULL;
	char got[96];
	int rc = file_read(&ft, path, MAX_JSON_FILE, diags);
	if (rc != VMAT_OK) {
		return rc;
	}
	rc = json_parse(&root, &arena, ft.data, ft.len, path, diags);
	const struct jv *format = rc == VMAT_OK ? jv_get(root, "format") : NULL;
	const struct jv *id = rc == VMAT_OK ? jv_get(root, "survey") : NULL;
	if (rc == VMAT_OK && root->type != J_OBJECT) {
		rc = VMAT_EINVAL;
		diag_add(diags, VMAT_ERROR, path, root->line, root->col, "",
			 "expected a response (an object), got %s",
			 jv_describe(got, sizeof(got), root));
	} else if (rc == VMAT_OK && (!format || format->type != J_STRING ||
				     strcmp(format->str, "vmat-response/1") != 0)) {
		rc = VMAT_EINVAL;
		diag_add(diags, VMAT_ERROR, path, root->line, root->col, "format",
			 "not a draft: expected \"format\": \"vmat-response/1\"");
	} else if (rc == VMAT_OK && (!id || id->type != J_STRING ||
				     strcmp(id->str, vmat_survey_id(survey)) != 0)) {
		/* another survey's answers would all be dropped: refuse */
		rc = VMAT_EINVAL;
		diag_add(diags, VMAT_ERROR, path, id ? id->line : root->line,
			 id ? id->col : root->col, "survey", "the draft is for survey %s, not \"%s\"",
			 id ? jv_describe(got, sizeof(got), id) : "(none)", vmat_survey_id(survey));
	}
	if (rc == VMAT_OK) {
		rc = vmat_interview_create(&iv, survey);
	}
	for (size_t i = 0; rc == VMAT_OK && i < root->len; i++) {
		const struct jv *v = &root->kids[i];
		if (strcmp(v->key, "answers") == 0 || strcmp(v->key, "notes") == 0) {
			rc = restore_all(iv, path, v, v->key[0] == 'n' ? K_NOTE : K_ANSWER, diags);
		} else if (strcmp(v->key, "survey_version") == 0) {
			if (v->type != J_NUMBER || v->num != (double)vmat_survey_version(survey)) {
				rc = diag_add(diags, VMAT_WARNING, path, v->line, v->col, v->key,
					      "the draft was started with version %s of survey "
					      "\"%s\"; it goes on with version %ld",
					      jv_describe(got, sizeof(got), v), vmat_survey_id(survey),
					      vmat_survey_version(survey));
			}
		} else if (strcmp(v->key, "format") != 0 && strcmp(v->key, "survey") != 0) {
			rc = restore(iv, path, v, K_FIELD, vmat_survey_field_index(survey, v->key),
				     v->key, diags);
		}
	}
	if (rc == VMAT_OK && !(iv->path = strdup(path))) {
		rc = VMAT_ENOMEM;
	}
	if (rc == VMAT_OK) {
		iv->nrevealed = iv->nhidden = 0;
		resume_position(iv);
		*out = iv;
	} else {
		vmat_interview_destroy(iv);
	}
	arena_free(&arena);
	free(ft.data);
	return rc;
}

/* ## Drafts on disk */

static const char draft_ext[] = ".draft.json";

/* dir/name, malloc'd; NULL when out of memory. */
static char *
path_join(const char *dir, const char *name)
{
	size_t size = strlen(dir) + strlen(name) + 2;
	char *p = malloc(size);
	if (p) {
		snprintf(p, size, "%s/%s", dir, name);
	}
	return p;
}

/* The value of the field with that id, NULL when none. */
static const char *
field_value(const struct vmat_interview *iv, const char *id)
{
	long i = vmat_survey_field_index(iv->s, id);
	return i >= 0 ? vmat_draft_field(iv->draft, (size_t)i) : NULL;
}

bool
named_for(const char *name, const char *base, const char *ext)
{
	size_t n = strlen(name), b = strlen(base), e = strlen(ext);
	if (n < b + e || strncmp(name, base, b) != 0 || strcmp(name + n - e, ext) != 0) {
		return false;
	}
	const char *suffix = name + b, *end = name + n - e;
	if (suffix == end) {
		return true;
	}
	if (*suffix != '-' || end - suffix < 2) {
		return false;
	}
	while (++suffix < end && *suffix >= '0' && *suffix <= '9') {
	}
	return suffix == end;
}

/* Writes r to dir/name, replacing a file of that name unless keep. */
static int
write_response(const struct vmat_survey *s, const struct vmat_response *r, const char *dir,
	       const char *name, bool keep, struct vmat_diags *diags)
{
	struct vmat_out *o;
	int rc = vmat_out_open(&o, dir, name, diags);
	if (rc == VMAT_OK) {
		if (keep) {
			vmat_out_keep_existing(o);
		}
		vmat_response_write_json(vmat_out_file(o), s, r);	/* errors: at commit */
		rc = vmat_out_commit(o, diags);
	}
	return rc;
}

/* Writes r to dir/BASE.ext, or BASE-2.ext, BASE-3.ext...: the first name no
 * file has. A file is never replaced: the name is taken by link() (see
 * vmat_out_keep_existing()), and one taken meanwhile, by another process,
 * moves on to the next. *path: the file written, malloc'd. */
static int
write_new(struct vmat_interview *iv, const struct vmat_response *r, const char *dir,
	  const char *base, const char *ext, char **path, struct vmat_diags *diags)
{
	char name[256];
	for (int n = 1; n < 1000; n++) {
		char suffix[16] = "";
		if (n > 1) {
			snprintf(suffix, sizeof(suffix), "-%d", n);
		}
		snprintf(name, sizeof(name), "%s%s%s", base, suffix, ext);
		char *p = path_join(dir, name);
		struct stat st;
		if (!p) {
			return VMAT_ENOMEM;
		}
		if (lstat(p, &st) == 0) {
			free(p);
			continue;
		}
		int rc = write_response(iv->s, r, dir, name, true, iv->scratch);
		bool taken = rc != VMAT_OK && lstat(p, &st) == 0;
		if (rc == VMAT_OK) {
			vmat_diags_clear(iv->scratch);
			*path = p;
			return VMAT_OK;
		}
		free(p);
		if (!taken) {
			/* the real reason, for the caller */
			for (size_t k = 0; k < vmat_diags_count(iv->scratch); k++) {
				const struct vmat_diag *g = vmat_diags_get(iv->scratch, k);
				diag_add(diags, g->severity, g->file, g->line, g->col, g->where, "%s",
					 g->msg);
			}
			vmat_diags_clear(iv->scratch);
			return rc;
		}
		vmat_diags_clear(iv->scratch);
	}
	diag_add(diags, VMAT_ERROR, dir, 0, 0, "", "no free name for %s%s", base, ext);
	return VMAT_EIO;
}

/* mkdir that takes a directory already there. */
static int
make_dir(const char *dir, struct vmat_diags *diags)
{
	if (mkdir(dir, 0777) != 0 && errno != EEXIST) {
		diag_add(diags, VMAT_ERROR, dir, 0, 0, "", "cannot create: %s", strerror(errno));
		return VMAT_EIO;
	}
	return VMAT_OK;
}

/* Removes the draft's file, once what it held is written elsewhere. */
static void
drop_draft(struct vmat_interview *iv)
{
	if (iv->path) {
		unlink(iv->path);
	}
	free(iv->path);
	iv->path = NULL;
}

/* Writes the draft under a new name in dir, then removes its old file: a
 * failure in between leaves both, never neither. */
static int
move_draft(struct vmat_interview *iv, const struct vmat_response *r, const char *dir,
	   const char *base, struct vmat_diags *diags)
{
	char *path;
	int rc = write_new(iv, r, dir, base, draft_ext, &path, diags);
	if (rc == VMAT_OK) {
		drop_draft(iv);
		iv->path = path;
	}
	return rc;
}

int
vmat_interview_save_draft(struct vmat_interview *iv, const char *dir, struct vmat_diags *diags)
{
	const struct vmat_response *r;
	int rc = vmat_draft_response(iv->draft, false, &r, diags);
	if (rc != VMAT_OK) {
		return rc;
	}
	char base[160];
	dated_name(base, sizeof(base), field_value(iv, "date"), field_value(iv, "customer"));
	if (iv->path) {
		/* the draft stays in its directory; its name follows */
		const char *slash = strrchr(iv->path, '/');
		const char *name = slash ? slash + 1 : iv->path;
		char *in = slash ? strndup(iv->path, (size_t)(slash - iv->path)) : strdup(".");
		if (!in) {
			return VMAT_ENOMEM;
		}
		rc = named_for(name, base, draft_ext) ? write_response(iv->s, r, in, name, false, diags)
						       : move_draft(iv, r, in, base, diags);
		free(in);
		return rc;
	}
	char *drafts = path_join(dir, ".drafts");
	if (!drafts) {
		return VMAT_ENOMEM;
	}
	rc = make_dir(dir, diags);
	if (rc == VMAT_OK) {
		rc = make_dir(drafts, diags);
	}
	if (rc == VMAT_OK) {
		rc = move_draft(iv, r, drafts, base, diags);
	}
	free(drafts);
	return rc;
}

const char *
vmat_interview_draft_path(const struct vmat_interview *iv)
{
	return iv->path;
}

int
vmat_interview_save(struct vmat_interview *iv, const char *dir, const char **path,
		    struct vmat_diags *diags)
{
	const struct vmat_response *r;
	char base[160], *saved;
	*path = NULL;
	int rc = vmat_draft_response(iv->draft, true, &r, diags);
	if (rc != VMAT_OK) {
		return rc;
	}
	vmat_response_name(base, sizeof(base), r);
	rc = write_new(iv, r, dir, base, ".json", &saved, diags);
	if (rc == VMAT_OK) {
		drop_draft(iv);
		free(iv->saved);
		*path = iv->saved = saved;
	}
	return rc;
}

/* Whether a name in .drafts/ is one to list: "*.json", not a temporary file
 * (".NAME.tmp-..."), no control character to reach a terminal. */
static bool
draft_file(const char *name)
{
	size_t n = strlen(name);
	if (name[0] == '.' || n <= 5 || strcmp(name + n - 5, ".json") != 0) {
		return false;
	}
	for (const char *p = name; *p; p++) {
		if (control_len(p)) {
			return false;
		}
	}
	return true;
}

static void
info_finish(struct vmat_draft_info *d)
{
	free(d->path);
	free(d->customer);
	free(d->date);
	free(d->problem);
}

/* Reads the draft at path into *d (its path already set). */
static int
draft_info(struct vmat_draft_info *d, const struct vmat_survey *s, struct vmat_diags *scratch)
{
	struct stat st;
	struct vmat_interview *iv = NULL;
	if (stat(d->path, &st) != 0 || !S_ISREG(st.st_mode)) {
		return VMAT_EINVAL;	/* gone meanwhile, or not a file: not a draft */
	}
	d->changed = (int64_t)st.st_mtime;
	int rc = vmat_interview_resume(&iv, s, d->path, scratch);
	if (rc == VMAT_ENOMEM) {
		return rc;
	}
	if (rc != VMAT_OK) {
		const char *why = "cannot be read";
		for (size_t k = 0; k < vmat_diags_count(scratch); k++) {
			if (vmat_diags_get(scratch, k)->severity == VMAT_ERROR) {
				why = vmat_diags_get(scratch, k)->msg;
				break;
			}
		}
		d->problem = strdup(why);
		vmat_diags_clear(scratch);
		return d->problem ? VMAT_OK : VMAT_ENOMEM;
	}
	vmat_diags_clear(scratch);
	struct vmat_interview_progress p;
	vmat_interview_progress(iv, &p);
	d->answered = p.answered;
	d->shown = p.shown;
	const char *customer = field_value(iv, "customer"), *date = field_value(iv, "date");
	d->customer = customer ? strdup(customer) : NULL;
	d->date = date ? strdup(date) : NULL;
	vmat_interview_destroy(iv);
	return (customer && !d->customer) || (date && !d->date) ? VMAT_ENOMEM : VMAT_OK;
}

/* The latest change first, then by path: the order --list shows. */
static int
latest_first(const void *a, const void *b)
{
	const struct vmat_draft_info *x = a, *y = b;
	if (x->changed != y->changed) {
		return x->changed > y->changed ? -1 : 1;
	}
	return strcmp(x->path, y->path);
}

int
vmat_interview_drafts(struct vmat_draft_info **out, size_t *count,
		      const struct vmat_survey *s, const char *dir, struct vmat_diags *diags)
{
	*out = NULL;
	*count = 0;
	char *drafts = path_join(dir, ".drafts");
	struct vmat_diags *scratch = NULL;
	if (!drafts || vmat_diags_create(&scratch) != VMAT_OK) {
		free(drafts);
		return VMAT_ENOMEM;
	}
	int rc = VMAT_OK;
	struct vmat_draft_info *list = NULL;
	size_t n = 0, cap = 0;
	DIR *dp = opendir(drafts);
	if (!dp && errno != ENOENT && errno != ENOTDIR) {	/* no directory: no drafts */
		rc = VMAT_EIO;
		diag_add(diags, VMAT_ERROR, drafts, 0, 0, "", "cannot read: %s", strerror(errno));
	}
	for (struct dirent *e; rc == VMAT_OK && dp && (e = readdir(dp));) {
		if (!draft_file(e->d_name)) {
			continue;
		}
		if (n == cap) {
			cap = cap ? 2 * cap : 8;
			struct vmat_draft_info *more = realloc(list, cap * sizeof(*list));
			if (!more) {
				rc = VMAT_ENOMEM;
				break;
			}
			list = more;
		}
		list[n] = (struct vmat_draft_info){ .path = path_join(drafts, e->d_name) };
		rc = list[n].path ? draft_info(&list[n], s, scratch) : VMAT_ENOMEM;
		n++;
		if (rc == VMAT_EINVAL) {
			info_finish(&list[--n]);	/* not a draft after all */
			rc = VMAT_OK;
		}
	}
	if (dp) {
		closedir(dp);
	}
	vmat_diags_destroy(scratch);
	free(drafts);
	if (rc != VMAT_OK) {
		vmat_interview_drafts_free(list, n);
		return rc;
	}
	if (n) {
		qsort(list, n, sizeof(*list), latest_first);	/* list is NULL when n is 0 */
	}
	*out = list;
	*count = n;
	return VMAT_OK;
}

void
vmat_interview_drafts_free(struct vmat_draft_info *list, size_t count)
{
	for (size_t i = 0; list && i < count; i++) {
		info_finish(&list[i]);
	}
	free(list);
}
