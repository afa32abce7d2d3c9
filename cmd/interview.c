/* vmat interview -s SURVEY [-o DIR] [--resume [DRAFT] | --list]: a terminal
 * questionnaire.
 *
 * Nothing typed may be lost: the draft is written to DIR/.drafts/ after every
 * answer (atomically, through the library's file writer), Ctrl-C, SIGHUP and
 * SIGTERM leave it in place and say how to resume, and the final response is
 * written under a name that never replaces a file; only then is the draft
 * removed. Nothing is written before the first answer. What is asked next,
 * every check, and the drafts' names and list are the library's
 * (lib/interview.c): this file reads lines and prints. */
#include <errno.h>
#include <math.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static const char help[] =
	"Usage: vmat interview -s SURVEY [-o DIR] [--resume [DRAFT] | --list]\n"
	"Record an interview at the terminal. The metadata first (customer, region,\n"
	"date...), then each question the answers so far make visible. At a question:\n"
	"  ?    show the help text         <    go back to the previous question\n"
	"  s    skip it                    n/a  not applicable (a reason follows)\n"
	"  !    add a note to it           Enter  keep the answer shown in [brackets]\n"
	"At a terminal the line edits: the arrows, Home, End, Ctrl-Left and Ctrl-Right\n"
	"(or Alt-B, Alt-F) by word, Delete; Up brings back earlier answers; Tab completes\n"
	"choice ids, a field's values and yes/no. Text wraps to the terminal's width.\n"
	"A review screen comes last: change any answer by its number, then save.\n"
	"The draft is kept in DIR/.drafts/ after every answer, named by date and\n"
	"customer (DIR/.drafts/2010-05-12-banco-del-sur.draft.json); the response is\n"
	"saved as DIR/YYYY-MM-DD-CUSTOMER-ID.json.\n"
	"\n"
	"  -s, --survey=FILE    the survey definition (required)\n"
	"  -o, --output=DIR     where responses go (default: the current directory)\n"
	"      --resume[=DRAFT] go on with an interview that was stopped; without\n"
	"                       DRAFT, choose among the unfinished drafts in DIR\n"
	"      --list           show the unfinished drafts in DIR: customer, date,\n"
	"                       questions answered of those shown, last change\n"
	"  -h, --help           show this help\n"
	"\n"
	"Environment: VMAT_INTERVIEWER is the default interviewer; NO_COLOR turns\n"
	"colour off; COLUMNS is the width when standard output is not a terminal.\n";

enum { OPT_RESUME = 256, OPT_LIST };

static volatile sig_atomic_t interrupted;

static void
on_signal(int sig)
{
	interrupted = sig;
}

struct session {
	const char *survey_path;
	const struct vmat_survey *s;
	const struct vmat_field *fields;
	const struct vmat_question *qs;
	const struct vmat_dimension *dims;
	size_t nfields, nq;
	struct vmat_interview *iv;	/* the logic: lib/interview.c */
	struct vmat_diags *diags;
	const char *dir;
	bool lost;		/* the first draft could not be written: stop */
	bool color;
	struct editor *ed;	/* line editing at a terminal (cmd/edit.c), or NULL */
	bool completing;	/* Tab completes (an answer is being read) */
};

enum { LINE_OK, LINE_EOF = -1, LINE_SIGNAL = -2, LINE_LOST = -3 };

static void
style(const struct session *S, const char *code)
{
	if (S->color) {
		printf("\033[%sm", code);
	}
}

/* Shows prompt (one line) and reads one line into buf, without its newline
 * and surrounding blanks: edited at a terminal, else as it comes, so that
 * answers can be piped in. */
static int
read_line(struct session *S, const char *prompt, char *buf, size_t size)
{
	if (S->ed) {
		if (editor_read(S->ed, prompt, buf, size) != 0) {
			return interrupted ? LINE_SIGNAL : LINE_EOF;
		}
	} else {
		fputs(prompt, stdout);
		fflush(stdout);
		errno = 0;
		if (!fgets(buf, (int)size, stdin)) {
			return interrupted ? LINE_SIGNAL : LINE_EOF;
		}
	}
	if (interrupted) {
		return LINE_SIGNAL;
	}
	size_t n = strcspn(buf, "\r\n");
	buf[n] = '\0';
	char *start = buf + strspn(buf, " \t");
	while (n > 0 && (buf[n - 1] == ' ' || buf[n - 1] == '\t')) {
		buf[--n] = '\0';
	}
	memmove(buf, start, strlen(start) + 1);
	return LINE_OK;
}

/* Ends the prompt lead with the answer it keeps on Enter, " [current]: ",
 * and reads the answer, Tab completing it. Returns LINE_*, or BACK for "<". */
enum { BACK = 1 };

static int
ask(struct session *S, const char *lead, const char *current, char *line, size_t size)
{
	char prompt[1200];
	snprintf(prompt, sizeof(prompt), current ? "%s [%.1000s]: " : "%s: ", lead, current);
	S->completing = true;
	int rc = read_line(S, prompt, line, size);
	S->completing = false;
	return rc == LINE_OK && strcmp(line, "<") == 0 ? BACK : rc;
}

/* What Tab completes: the engine's words for the step, while an answer is
 * read (not a note or a reason). */
static const char *const *
completions(void *ctx, const char *typed, size_t *start, size_t *count)
{
	struct session *S = ctx;
	*count = 0;
	return S->completing ? vmat_interview_complete(S->iv, typed, start, count) : NULL;
}

/* The terminal's width in columns: standard output's if it is a terminal,
 * else $COLUMNS, else 80. */
static size_t
width(void)
{
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0) {
		return ws.ws_col;
	}
	const char *env = getenv("COLUMNS");
	char *end;
	long n = env ? strtol(env, &end, 10) : 0;
	return env && *env && *end == '\0' && n > 0 && n <= 10000 ? (size_t)n : 80;
}

size_t
columns(const char *s, size_t n)
{
	size_t c = 0;
	for (size_t i = 0; i < n; i++) {
		c += ((unsigned char)s[i] & 0xC0) != 0x80;
	}
	return c;
}

/* Prints lead, then raw wrapped at blanks to the terminal's width (issue
 * 15: "ser/vers" broke mid-word), each further line indented as wide as lead
 * ("   1  " before a choice label), control characters escaped (issue 18
 * §4); ends the line. Only a word longer than a whole line is cut. */
static void
say(const char *lead, const char *raw)
{
	char *text = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&text, &len);
	if (!mem) {
		return;
	}
	vmat_fput_text(mem, raw);
	if (fclose(mem) != 0) {
		free(text);
		return;
	}
	size_t indent = columns(lead, strlen(lead)), w = width();
	size_t room = w > indent + 20 ? w - indent : 20, col = 0;
	fputs(lead, stdout);
	for (const char *p = text + strspn(text, " "); *p; p += strspn(p, " ")) {
		size_t n = strcspn(p, " "), cols = columns(p, n);
		if (col && col + 1 + cols > room) {
			printf("\n%*s", (int)indent, "");
			col = 0;
		} else if (col) {
			putchar(' ');
			col++;
		}
		while (col + cols > room) {
			/* a word longer than a line: as much as fits, then the rest */
			size_t k = 0, c = 0;
			while (k < n && c < room - col) {
				k++;
				while (k < n && ((unsigned char)p[k] & 0xC0) == 0x80) {
					k++;
				}
				c++;
			}
			printf("%.*s\n%*s", (int)k, p, (int)indent, "");
			p += k;
			n -= k;
			cols -= c;
			col = 0;
		}
		printf("%.*s", (int)n, p);
		col += cols;
		p += n;
	}
	putchar('\n');
	free(text);
}

/* The first problem in diags as one line, and empties it. */
static void
complain(struct session *S)
{
	const char *msg = vmat_diags_count(S->diags) ? vmat_diags_get(S->diags, 0)->msg
						     : "not a valid answer";
	style(S, "31");
	printf("  ! %s\n", msg);
	style(S, "0");
	vmat_diags_clear(S->diags);
}

/* After a failed save, the interview goes on if an earlier draft is on
 * disk (a full disk may free up); with none, the first answer would be the
 * only one kept nowhere: it stops. */
static int
save_draft(struct session *S)
{
	int rc = vmat_interview_save_draft(S->iv, S->dir, S->diags);
	const char *path = vmat_interview_draft_path(S->iv);
	if (rc != VMAT_OK && path) {
		fprintf(stderr, "vmat interview: the draft could not be saved; the last good one "
				"is kept in %s\n", path);
	} else if (rc != VMAT_OK) {
		fprintf(stderr, "vmat interview: the draft could not be saved; stopping\n");
		S->lost = true;
	}
	print_diags(S->diags);
	return rc;
}

/* After a change the engine took: the draft on disk follows at once. */
static int
done(struct session *S, int rc)
{
	if (rc == VMAT_OK) {
		save_draft(S);
		return LINE_OK;
	}
	complain(S);
	return BACK;	/* not moved: ask again */
}

static void
show_choices(const struct vmat_question *q)
{
	char lead[32];
	for (size_t k = 0; k < q->nchoices; k++) {
		snprintf(lead, sizeof(lead), "   %2zu  ", k + 1);
		say(lead, q->choices[k].label);
	}
}

/* Asks why the current question does not apply. Returns LINE_*, or BACK
 * for "<" (the question is asked again). */
static int
ask_na(struct session *S)
{
	char line[1024];
	for (;;) {
		say("  ", "Why not applicable? 1 out-of-scope, 2 business-priority, 3 constraint, "
			  "4 other");
		int rc = read_line(S, "  (a number or a word, optionally \": details\"; < to go "
				      "back): ", line, sizeof(line));
		if (rc != LINE_OK) {
			return rc;
		}
		if (strcmp(line, "<") == 0) {
			return BACK;
		}
		if (done(S, vmat_interview_not_applicable(S->iv, line, S->diags)) == LINE_OK) {
			return LINE_OK;
		}
	}
}

/* Asks the current question until the engine moves on. Returns LINE_*. */
static int
ask_question(struct session *S, size_t i)
{
	const struct vmat_question *q = &S->qs[i];
	const struct vmat_draft *d = vmat_interview_draft(S->iv);
	struct vmat_interview_progress p;
	char line[1024];
	vmat_interview_progress(S->iv, &p);
	style(S, "1");
	printf("\n[%zu/%zu] %s\n", p.position, p.shown,
	       q->dimension >= 0 ? S->dims[q->dimension].name : "General");
	style(S, "0");
	char text[4096];
	snprintf(text, sizeof(text), "%s%s", q->text, q->required ? "" : " (optional)");
	say("", text);
	if (q->type == VMAT_CHOICE || q->type == VMAT_MULTI) {
		show_choices(q);
	}
	static const char *const hints[] = {
		[VMAT_CHOICE] = "a number", [VMAT_MULTI] = "numbers, separated by commas",
		[VMAT_YESNO] = "y or n",    [VMAT_SCALE] = "a whole number",
		[VMAT_NUMBER] = "a number", [VMAT_PERCENT] = "a percentage, 0 to 100",
		[VMAT_TEXT] = "text",
	};
	char lead[256];
	int n = snprintf(lead, sizeof(lead), "> %s", hints[q->type]);
	if (q->type == VMAT_SCALE) {
		n += snprintf(lead + n, sizeof(lead) - (size_t)n, " from %g to %g", q->min, q->max);
	}
	if (q->unit && q->type != VMAT_PERCENT) {
		snprintf(lead + n, sizeof(lead) - (size_t)n, " (%.100s)", q->unit);
	}
	for (;;) {
		const char *current = vmat_draft_answer(d, i);
		int rc = ask(S, lead, current, line, sizeof(line));
		if (rc == BACK) {
			vmat_interview_back(S->iv);
			return LINE_OK;
		}
		if (rc != LINE_OK) {
			return rc;
		}
		if (strcmp(line, "?") == 0) {
			say("  ", q->help ? q->help : "No help text for this question.");
			continue;
		}
		if (strcmp(line, "!") == 0) {
			const char *note = vmat_draft_note(d, i);
			char prompt[1200];
			snprintf(prompt, sizeof(prompt), "  Note%s%.1000s%s: ", note ? " [" : "",
				 note ? note : "", note ? "]" : "");
			if ((rc = read_line(S, prompt, line, sizeof(line))) != LINE_OK) {
				return rc;
			}
			if (*line) {
				done(S, vmat_interview_set_note(S->iv, i, line, S->diags));
			}
			continue;
		}
		if (strcmp(line, "s") == 0) {
			rc = done(S, vmat_interview_skip(S->iv, S->diags));
		} else if (strcasecmp(line, "n/a") == 0) {
			rc = ask_na(S);
		} else if (*line == '\0' && !current) {
			printf("  ! type an answer, s to skip, ? for help\n");
			continue;
		} else {
			rc = done(S, vmat_interview_answer(S->iv, line, S->diags));
		}
		if (rc != BACK) {
			return rc;
		}
	}
}

static void
today(char buf[11])
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
	strftime(buf, 11, "%Y-%m-%d", &tm);
}

/* Asks the current field once. Returns LINE_*. */
static int
ask_field(struct session *S, size_t i)
{
	const struct vmat_field *f = &S->fields[i];
	char line[1024], def[64] = "";
	const char *current = vmat_draft_field(vmat_interview_draft(S->iv), i);
	if (!current && strcmp(f->id, "date") == 0) {
		today(def);
	} else if (!current && strcmp(f->id, "interviewer") == 0 && getenv("VMAT_INTERVIEWER")) {
		snprintf(def, sizeof(def), "%s", getenv("VMAT_INTERVIEWER"));
	}
	char lead[256];
	snprintf(lead, sizeof(lead), "%.200s%s", f->name, f->required ? "" : " (optional)");
	if (f->nvalues) {
		printf("%s:\n", lead);
		for (size_t k = 0; k < f->nvalues; k++) {
			char num[32];
			snprintf(num, sizeof(num), "   %2zu  ", k + 1);
			say(num, f->values[k]);
		}
		snprintf(lead, sizeof(lead), "> a number or a name");
	}
	int rc = ask(S, lead, current ? current : *def ? def : NULL, line, sizeof(line));
	if (rc == BACK) {
		vmat_interview_back(S->iv);
		return LINE_OK;
	}
	if (rc != LINE_OK) {
		return rc;
	}
	done(S, vmat_interview_answer(S->iv, *line ? line : def, S->diags));
	return LINE_OK;
}

/* An answer as the SE reads it: choice labels rather than ids. */
static void
show_answer(FILE *fp, const struct vmat_question *q, const char *v)
{
	if (!v) {
		fprintf(fp, "(skipped)");
		return;
	}
	if ((q->type != VMAT_CHOICE && q->type != VMAT_MULTI) || strncmp(v, "n/a", 3) == 0) {
		fprintf(fp, "%s", v);
		return;
	}
	for (const char *p = v; *p;) {
		size_t n = strcspn(p, ";");
		for (size_t k = 0; k < q->nchoices; k++) {
			if (strlen(q->choices[k].id) == n && strncmp(q->choices[k].id, p, n) == 0) {
				fprintf(fp, "%s%s", p == v ? "" : "; ", q->choices[k].label);
			}
		}
		p += n + (p[n] == ';');
	}
}

/* Items are numbered as the review shows them: fields from 1 (the id is
 * not one), then the questions. */
static size_t
question_number(const struct session *S, size_t i)
{
	return S->nfields + i;
}

static void
review(struct session *S)
{
	size_t S_n;
	const struct vmat_stage *stages = vmat_survey_stages(S->s, &S_n);
	const struct vmat_draft *d = vmat_interview_draft(S->iv);
	const struct vmat_result *res = vmat_interview_result(S->iv);
	char num[32];
	style(S, "1");
	printf("\nReview\n");
	style(S, "0");
	for (size_t i = 1; i < S->nfields; i++) {
		const char *v = vmat_draft_field(d, i);
		printf("  %3zu. %s: %s\n", i, S->fields[i].name, v ? v : "-");
	}
	for (size_t i = 0; i < S->nq; i++) {
		if (!vmat_interview_shown(S->iv, i)) {
			continue;
		}
		const char *v = vmat_draft_answer(d, i);
		const char *note = vmat_draft_note(d, i);
		char lead[32], *text = NULL;
		size_t len;
		FILE *fp = open_memstream(&text, &len);
		if (!fp) {
			continue;
		}
		fprintf(fp, "%s ", S->qs[i].text);
		show_answer(fp, &S->qs[i], v);
		fprintf(fp, "%s%s", note ? "  note: " : "", note ? note : "");
		if (fclose(fp) == 0) {
			snprintf(lead, sizeof(lead), "  %3zu. ", question_number(S, i));
			say(lead, text);
		}
		free(text);
	}
	printf("\nStage reached: %s", res->stage ? stages[res->stage - 1].name : "not started");
	if (!isnan(res->gap)) {
		printf("; gap %s%s", res->gap > 0 ? "+" : "", vmat_fmt_number(num, res->gap));
	}
	if (res->nblockers) {
		printf("; blocked by");
		for (size_t b = 0; b < res->nblockers; b++) {
			printf("%s %s", b ? "," : "", S->dims[res->blockers[b].dimension].name);
		}
	}
	printf("\n");
}

/* Saves the response (DIR/YYYY-MM-DD-CUSTOMER-ID8.json, never replacing a
 * file), then the library removes the draft. */
static int
save_final(struct session *S)
{
	const char *saved;
	int rc = vmat_interview_save(S->iv, S->dir, &saved, S->diags);
	if (rc == VMAT_EINVAL) {
		complain(S);
		return -1;
	}
	if (rc != VMAT_OK) {
		print_diags(S->diags);
		fprintf(stderr, "vmat interview: not saved; the draft is kept in %s\n",
			vmat_interview_draft_path(S->iv));
		return -1;
	}
	printf("Saved %s\n", saved);
	return 0;
}

/* Issue 15: `w` saved a "yes" whose follow-up was never asked, without a
 * word. Questions shown without an answer are named first; y saves anyway,
 * anything else asks them. Returns LINE_* (LINE_OK: go on), or 1 when saved. */
static int
confirm_save(struct session *S)
{
	size_t n;
	const size_t *un = vmat_interview_unanswered(S->iv, &n);
	char line[64];
	if (n) {
		/* one line, all of it the prompt, so that libedit knows where
		 * the answer starts; the numbers on a line of their own when
		 * they do not fit */
		char *head = NULL, prompt[4200];
		size_t len;
		FILE *fp = open_memstream(&head, &len);
		if (!fp) {
			return LINE_EOF;
		}
		fprintf(fp, "%zu question%s shown %s no answer (", n, n > 1 ? "s" : "",
			n > 1 ? "have" : "has");
		for (size_t k = 0; k < n; k++) {
			fprintf(fp, "%s%zu", k ? ", " : "", question_number(S, un[k]));
		}
		fprintf(fp, ").");
		if (fclose(fp) != 0) {
			free(head);
			return LINE_EOF;
		}
		const char *tail = n > 1 ? "Save anyway? y to save, Enter to answer them: "
					 : "Save anyway? y to save, Enter to answer it: ";
		if (2 + columns(head, len) + 1 + strlen(tail) <= width() && len < 4000) {
			snprintf(prompt, sizeof(prompt), "  %s %s", head, tail);
		} else {
			say("  ", head);
			snprintf(prompt, sizeof(prompt), "  %s", tail);
		}
		free(head);
		int rc = read_line(S, prompt, line, sizeof(line));
		if (rc != LINE_OK) {
			return rc;
		}
		if (strcmp(line, "y") != 0 && strcmp(line, "Y") != 0) {
			vmat_interview_ask_unanswered(S->iv);
			return LINE_OK;
		}
	}
	return save_final(S) == 0 ? 1 : LINE_OK;
}

/* The review and what the SE types there. Returns LINE_*, or 1 when saved. */
static int
at_review(struct session *S)
{
	char line[64];
	review(S);
	int rc = read_line(S, "Type a number to change it, w to save, q to stop (the draft is "
			      "kept): ", line, sizeof(line));
	if (rc != LINE_OK) {
		return rc;
	}
	char *end;
	long n = strtol(line, &end, 10);
	if (strcmp(line, "w") == 0) {
		return confirm_save(S);
	}
	if (strcmp(line, "q") == 0) {
		printf("Stopped. Resume with: vmat interview -s %s -o %s --resume %s\n",
		       S->survey_path, S->dir, vmat_interview_draft_path(S->iv));
		return LINE_EOF;
	}
	if (*line && *end == '\0' && n >= 1 && (size_t)n < S->nfields + S->nq) {
		struct vmat_interview_pos pos = { VMAT_STEP_FIELD, (size_t)n };
		if ((size_t)n >= S->nfields) {
			pos = (struct vmat_interview_pos){ VMAT_STEP_QUESTION, (size_t)n - S->nfields };
		}
		if (vmat_interview_edit(S->iv, pos, S->diags) != VMAT_OK) {
			complain(S);
		}
	}
	return LINE_OK;
}

/* The interview itself, wherever the engine stands: fields, questions,
 * review. Returns LINE_*. */
static int
run(struct session *S)
{
	for (;;) {
		struct vmat_interview_pos pos = vmat_interview_current(S->iv);
		int rc = pos.step == VMAT_STEP_FIELD	   ? ask_field(S, pos.index)
			 : pos.step == VMAT_STEP_QUESTION ? ask_question(S, pos.index)
							  : at_review(S);
		if (rc == 1) {
			return LINE_OK;	/* saved */
		}
		if (rc != LINE_OK || S->lost) {
			return S->lost ? LINE_LOST : rc;
		}
	}
}

/* ## Unfinished drafts (issue 15: drafts an SE can find) */

static const char *
who(const struct vmat_draft_info *d)
{
	return d->problem ? "-" : d->customer ? d->customer : "(no customer yet)";
}

/* The first n drafts, numbered from 1 as --resume offers them: customer,
 * date, last change, questions answered of those shown; the file on a line
 * of its own, to copy. */
static void
show_drafts(FILE *fp, const struct vmat_draft_info *d, size_t n)
{
	size_t wide = 0;
	for (size_t i = 0; i < n; i++) {
		size_t c = columns(who(&d[i]), strlen(who(&d[i])));
		wide = c > wide ? c : wide;
	}
	for (size_t i = 0; i < n; i++) {
		char when[32] = "?";
		time_t t = (time_t)d[i].changed;
		struct tm tm;
		if (localtime_r(&t, &tm)) {
			strftime(when, sizeof(when), "%Y-%m-%d %H:%M", &tm);
		}
		const char *name = who(&d[i]);
		fprintf(fp, "  %2zu  %s%*s  ", i + 1, name,
			(int)(wide - columns(name, strlen(name))), "");
		fprintf(fp, "%-10s  changed %s  ",
			d[i].problem ? "-" : d[i].date ? d[i].date : "undated", when);
		if (d[i].problem) {
			fprintf(fp, "cannot be resumed: %s\n", d[i].problem);
		} else {
			fprintf(fp, "%zu/%zu answered\n", d[i].answered, d[i].shown);
		}
		fprintf(fp, "      %s\n", d[i].path);
	}
}

/* The unfinished drafts in DIR: EXIT_OK, or EXIT_DATA with the problem
 * printed. */
static int
find_drafts(struct session *S, struct vmat_draft_info **d, size_t *n)
{
	if (vmat_interview_drafts(d, n, S->s, S->dir, S->diags) != VMAT_OK) {
		print_diags_of("interview", S->diags);
		return EXIT_DATA;
	}
	return EXIT_OK;
}

/* --list */
static int
list_drafts(struct session *S)
{
	size_t n;
	struct vmat_draft_info *d;
	if (find_drafts(S, &d, &n) != EXIT_OK) {
		return EXIT_DATA;
	}
	if (n) {
		printf("Unfinished drafts in %s/.drafts, the latest first:\n", S->dir);
		show_drafts(stdout, d, n);
	} else {
		printf("No unfinished drafts in %s/.drafts.\n", S->dir);
	}
	vmat_interview_drafts_free(d, n);
	return finish_stdout("interview");
}

/* A new interview first says what is left unfinished in DIR, so that an SE
 * goes on with an interview a Ctrl-C stopped rather than start it again. */
static void
mention_drafts(struct session *S)
{
	enum { SHOWN = 3 };
	size_t n;
	struct vmat_draft_info *d;
	if (find_drafts(S, &d, &n) != EXIT_OK || !n) {
		return;
	}
	printf("Unfinished drafts in %s/.drafts, the latest first:\n", S->dir);
	show_drafts(stdout, d, n < SHOWN ? n : SHOWN);
	if (n > SHOWN) {
		printf("  and %zu more: vmat interview -s %s -o %s --list\n", n - SHOWN,
		       S->survey_path, S->dir);
	}
	printf("To go on with one: vmat interview -s %s -o %s --resume\n", S->survey_path, S->dir);
	vmat_interview_drafts_free(d, n);
}

/* --resume without a DRAFT: at a terminal, the drafts numbered and one
 * chosen by its number; otherwise an error that lists them. Returns the
 * path chosen (malloc'd), or NULL with *status. */
static char *
choose_draft(struct session *S, int *status)
{
	size_t n;
	struct vmat_draft_info *d;
	char *path = NULL, line[64];
	*status = EXIT_DATA;
	if (find_drafts(S, &d, &n) != EXIT_OK) {
		return NULL;
	}
	if (!n) {
		fprintf(stderr, "vmat interview: no unfinished drafts in %s/.drafts to resume\n",
			S->dir);
	} else if (!isatty(STDIN_FILENO)) {
		fprintf(stderr, "vmat interview: --resume needs a DRAFT when standard input is not "
				"a terminal; the unfinished drafts in %s/.drafts:\n", S->dir);
		show_drafts(stderr, d, n);
		*status = EXIT_USAGE;
	} else {
		printf("Unfinished drafts in %s/.drafts, the latest first:\n", S->dir);
		show_drafts(stdout, d, n);
		while (read_line(S, "Resume which? A number, Enter to stop: ", line,
				 sizeof(line)) == LINE_OK) {
			char *end;
			long k = strtol(line, &end, 10);
			if (!*line) {
				*status = EXIT_OK;
				break;
			}
			if (*end == '\0' && k >= 1 && (size_t)k <= n) {
				path = strdup(d[k - 1].path);
				break;
			}
			printf("  ! type a number from 1 to %zu, or Enter to stop\n", n);
		}
	}
	vmat_interview_drafts_free(d, n);
	return path;
}

int
cmd_interview(int argc, char **argv)
{
	static const struct option options[] = {
		{ "survey", required_argument, NULL, 's' },
		{ "output", required_argument, NULL, 'o' },
		{ "resume", optional_argument, NULL, OPT_RESUME },
		{ "list", no_argument, NULL, OPT_LIST },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct session S = { .dir = "." };
	const char *resume = NULL;
	char *chosen = NULL;
	bool list = false, choose = false;
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, "+:s:o:h", options, NULL)) != -1) {
		switch (c) {
		case 's':
			S.survey_path = optarg;
			break;
		case 'o':
			S.dir = optarg;
			break;
		case OPT_RESUME:
			/* getopt takes an optional value only as "--resume=DRAFT";
			 * "--resume DRAFT" is the form the messages print */
			if (optarg) {
				resume = optarg;
			} else if (optind < argc && argv[optind][0] != '-') {
				resume = argv[optind++];
			} else {
				choose = true;
			}
			break;
		case OPT_LIST:
			list = true;
			break;
		case 'h':
			fputs(help, stdout);
			return finish_stdout("interview");
		default:
			return option_error("interview", c, argv, options);
		}
	}
	if (!S.survey_path) {
		return usage_error("interview", "no survey given (-s SURVEY)");
	}
	if (optind != argc) {
		return usage_error("interview", "unexpected argument '%s'", argv[optind]);
	}
	if (list && (resume || choose)) {
		return usage_error("interview", "--list and --resume do not go together");
	}
	struct vmat_survey *survey = NULL;
	int status = EXIT_DATA;
	if (vmat_diags_create(&S.diags) != VMAT_OK) {
		fprintf(stderr, "vmat interview: out of memory\n");
		return EXIT_DATA;
	}
	if (load_survey(&survey, S.survey_path, S.diags) != EXIT_OK) {
		goto out;
	}
	S.s = survey;
	S.fields = vmat_survey_fields(survey, &S.nfields);
	S.qs = vmat_survey_questions(survey, &S.nq);
	size_t nd;
	S.dims = vmat_survey_dimensions(survey, &nd);
	S.color = isatty(STDOUT_FILENO) && !getenv("NO_COLOR");
	if (list) {
		status = list_drafts(&S);
		goto out;
	}
	/* SIGINT, SIGHUP, SIGTERM: stop reading (no SA_RESTART), keep the
	 * draft, and let libedit give the terminal back before we go. */
	struct sigaction sa = { .sa_handler = on_signal };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	/* editing keys at a terminal; lines as they come otherwise */
	S.ed = editor_create(&interrupted, completions, &S);
	if (choose && !(resume = chosen = choose_draft(&S, &status))) {
		goto out;
	}
	/* a draft of an older survey version: what no longer fits is shown,
	 * dropped and asked again (lib/interview.c) */
	int rc = resume ? vmat_interview_resume(&S.iv, survey, resume, S.diags)
			: vmat_interview_create(&S.iv, survey);
	print_diags(S.diags);
	if (rc != VMAT_OK) {
		goto out;
	}
	if (resume) {
		printf("Resuming %s\n", resume);
	} else {
		mention_drafts(&S);
	}
	/* the draft is written after each change, the first answer's included:
	 * stopped before it, the interview leaves nothing behind */
	rc = run(&S);
	const char *draft = vmat_interview_draft_path(S.iv);
	if (rc == LINE_OK) {
		status = EXIT_OK;
	} else if ((rc == LINE_SIGNAL || rc == LINE_EOF) && draft) {
		fprintf(stderr, "\n%s. The answers so far are in %s\n"
				"Resume with: vmat interview -s %s -o %s --resume %s\n",
			rc == LINE_SIGNAL ? "Interrupted" : "Input ended", draft, S.survey_path,
			S.dir, draft);
	} else if (rc == LINE_SIGNAL || rc == LINE_EOF) {
		fprintf(stderr, "\n%s before the first answer: nothing was saved.\n",
			rc == LINE_SIGNAL ? "Interrupted" : "Input ended");
	}
out:
	editor_destroy(S.ed);
	vmat_interview_destroy(S.iv);
	vmat_survey_destroy(survey);
	vmat_diags_destroy(S.diags);
	free(chosen);
	if (interrupted && status != EXIT_OK) {
		int sig = interrupted;
		fflush(stdout);
		signal(sig, SIG_DFL);
		raise(sig);	/* the shell sees how it ended: 130 for Ctrl-C */
		return 128 + sig;
	}
	return status;
}
