/* vmat interview -s SURVEY [-o DIR] [--resume DRAFT]: a terminal questionnaire.
 *
 * Nothing typed may be lost: the draft is written to DIR/.drafts/ after every
 * answer (atomically, through the library's file writer), Ctrl-C, SIGHUP and
 * SIGTERM leave it in place and say how to resume, and the final response is
 * written under a name that never replaces a file; only then is the draft
 * removed. */
#include <errno.h>
#include <math.h>
#include <getopt.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"

static const char help[] =
	"Usage: vmat interview -s SURVEY [-o DIR] [--resume DRAFT]\n"
	"Record an interview at the terminal. The metadata first (customer, region,\n"
	"date...), then each question the answers so far make visible. At a question:\n"
	"  ?    show the help text         <    go back to the previous question\n"
	"  s    skip it                    n/a  not applicable (a reason follows)\n"
	"  !    add a note to it           Enter  keep the answer shown in [brackets]\n"
	"A review screen comes last: change any answer by its number, then save.\n"
	"The draft is kept in DIR/.drafts/ after every answer; the response is saved as\n"
	"DIR/YYYY-MM-DD-CUSTOMER-ID.json.\n"
	"\n"
	"  -s, --survey=FILE    the survey definition (required)\n"
	"  -o, --output=DIR     where responses go (default: the current directory)\n"
	"      --resume=DRAFT   go on with an interview that was stopped\n"
	"  -h, --help           show this help\n"
	"\n"
	"Environment: VMAT_INTERVIEWER is the default interviewer; NO_COLOR turns\n"
	"colour off.\n";

enum { OPT_RESUME = 256 };

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
	struct vmat_draft *draft;
	struct vmat_result res;
	struct vmat_diags *diags;
	const char *dir;
	char drafts[4096];
	char draft_name[64];
	bool color;
};

enum { LINE_OK, LINE_EOF = -1, LINE_SIGNAL = -2 };

static void
style(const struct session *S, const char *code)
{
	if (S->color) {
		printf("\033[%sm", code);
	}
}

/* Reads one line into buf, without its newline and surrounding blanks. */
static int
read_line(char *buf, size_t size)
{
	fflush(stdout);
	errno = 0;
	if (!fgets(buf, (int)size, stdin)) {
		return interrupted ? LINE_SIGNAL : LINE_EOF;
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

/* Ends a prompt with the answer it keeps on Enter, " [current]: ", and reads
 * the answer. Returns LINE_*, or BACK for "<". */
enum { BACK = 1 };

static int
ask(const char *current, char *line, size_t size)
{
	printf(current ? " [%s]: " : ": ", current);
	int rc = read_line(line, size);
	return rc == LINE_OK && strcmp(line, "<") == 0 ? BACK : rc;
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

static int
save_draft(struct session *S)
{
	const struct vmat_response *r;
	struct vmat_out *o = NULL;
	int rc = vmat_draft_response(S->draft, false, &r, S->diags);
	if (rc == VMAT_OK) {
		rc = vmat_out_open(&o, S->drafts, S->draft_name, S->diags);
	}
	if (rc == VMAT_OK) {
		vmat_response_write_json(vmat_out_file(o), S->s, r);
		rc = vmat_out_commit(o, S->diags);
	}
	if (rc != VMAT_OK) {
		fprintf(stderr, "vmat interview: the draft could not be saved; the last good one "
				"is kept in %s/%s\n", S->drafts, S->draft_name);
		print_diags(S->diags);
	}
	return rc;
}

/* Scores the draft as it stands, for `when` and the review. */
static void
rescore(struct session *S)
{
	const struct vmat_response *r;
	if (vmat_draft_response(S->draft, false, &r, S->diags) == VMAT_OK) {
		vmat_score(S->s, r, &S->res);
	}
	vmat_diags_clear(S->diags);
}

/* Question i is asked: shown by its `when`, and not answered N/A (which
 * hides it for scoring, but the SE may still change it). */
static bool
asked(const struct session *S, size_t i)
{
	const char *a = vmat_draft_answer(S->draft, i);
	return S->res.visible[i] || (a && strncmp(a, "n/a", 3) == 0);
}

static void
show_choices(const struct session *S, const struct vmat_question *q)
{
	(void)S;
	for (size_t k = 0; k < q->nchoices; k++) {
		printf("   %2zu  %s\n", k + 1, q->choices[k].label);
	}
}

/* Turns what the SE typed into the answer's bulk CSV form. */
static const char *
canonical(const struct vmat_question *q, const char *in, char *out, size_t size)
{
	if (q->type == VMAT_CHOICE || q->type == VMAT_MULTI) {
		size_t o = 0;
		char copy[1024];
		snprintf(copy, sizeof(copy), "%s", in);
		for (char *save, *tok = strtok_r(copy, ", ;", &save); tok;
		     tok = strtok_r(NULL, ", ;", &save)) {
			char *end;
			long n = strtol(tok, &end, 10);
			const char *id = *end == '\0' && n >= 1 && (size_t)n <= q->nchoices
						 ? q->choices[n - 1].id
						 : tok;
			o += (size_t)snprintf(out + o, size - o, "%s%s", o ? ";" : "", id);
			if (o >= size || q->type == VMAT_CHOICE) {
				break;
			}
		}
		return out;
	}
	if (q->type == VMAT_YESNO) {
		if (strcmp(in, "y") == 0 || strcmp(in, "Y") == 0 || strcasecmp(in, "yes") == 0) {
			return "yes";
		}
		if (strcmp(in, "n") == 0 || strcmp(in, "N") == 0 || strcasecmp(in, "no") == 0) {
			return "no";
		}
	}
	return in;
}

static const char *const na_reasons[] = { "out-of-scope", "business-priority", "constraint",
					  "other" };

/* Asks why a question does not apply. Returns LINE_* or 1 to go back. */
static int
ask_na(struct session *S, size_t i)
{
	char line[1024], text[1200];
	for (;;) {
		printf("  Why not applicable? 1 out-of-scope, 2 business-priority, 3 constraint, "
		       "4 other\n  (a number or a word, optionally \": details\"; < to go back): ");
		int rc = read_line(line, sizeof(line));
		if (rc != LINE_OK) {
			return rc;
		}
		if (strcmp(line, "<") == 0) {
			return 1;
		}
		char *colon = strchr(line, ':');
		const char *details = colon ? colon + 1 + strspn(colon + 1, " ") : "";
		if (colon) {
			*colon = '\0';
		}
		char *end;
		long n = strtol(line, &end, 10);
		const char *reason = *end == '\0' && n >= 1 && n <= 4 ? na_reasons[n - 1] : line;
		snprintf(text, sizeof(text), "n/a%s%s%s%s", *reason ? ":" : "", reason,
			 *details ? ": " : "", details);
		if (vmat_draft_set_answer(S->draft, i, text, S->diags) == VMAT_OK) {
			return LINE_OK;
		}
		complain(S);
	}
}

/* Asks question i. Returns LINE_* or 1 to go back. */
static int
ask_question(struct session *S, size_t i, size_t k, size_t n)
{
	const struct vmat_question *q = &S->qs[i];
	char line[1024], canon[1024];
	style(S, "1");
	printf("\n[%zu/%zu] %s\n", k, n, q->dimension >= 0 ? S->dims[q->dimension].name
							  : "General");
	style(S, "0");
	printf("%s%s\n", q->text, q->required ? "" : " (optional)");
	if (q->type == VMAT_CHOICE || q->type == VMAT_MULTI) {
		show_choices(S, q);
	}
	static const char *const hints[] = {
		[VMAT_CHOICE] = "a number", [VMAT_MULTI] = "numbers, separated by commas",
		[VMAT_YESNO] = "y or n",    [VMAT_SCALE] = "a whole number",
		[VMAT_NUMBER] = "a number", [VMAT_PERCENT] = "a percentage, 0 to 100",
		[VMAT_TEXT] = "text",
	};
	for (;;) {
		const char *current = vmat_draft_answer(S->draft, i);
		printf("> %s", hints[q->type]);
		if (q->type == VMAT_SCALE) {
			printf(" from %g to %g", q->min, q->max);
		}
		if (q->unit && q->type != VMAT_PERCENT) {
			printf(" (%s)", q->unit);
		}
		int rc = ask(current, line, sizeof(line));
		if (rc != LINE_OK) {
			return rc;
		}
		if (strcmp(line, "?") == 0) {
			printf("  %s\n", q->help ? q->help : "No help text for this question.");
			continue;
		}
		if (strcmp(line, "!") == 0) {
			const char *note = vmat_draft_note(S->draft, i);
			printf("  Note%s%s%s: ", note ? " [" : "", note ? note : "", note ? "]" : "");
			if ((rc = read_line(line, sizeof(line))) != LINE_OK) {
				return rc;
			}
			if (*line) {
				vmat_draft_set_note(S->draft, i, line);
				save_draft(S);
			}
			continue;
		}
		if (strcmp(line, "s") == 0) {
			vmat_draft_set_answer(S->draft, i, NULL, S->diags);
			return LINE_OK;
		}
		if (strcasecmp(line, "n/a") == 0) {
			rc = ask_na(S, i);
			if (rc == 1) {
				continue;
			}
			return rc;
		}
		if (*line == '\0') {
			if (current) {
				return LINE_OK;
			}
			printf("  ! type an answer, s to skip, ? for help\n");
			continue;
		}
		if (vmat_draft_set_answer(S->draft, i, canonical(q, line, canon, sizeof(canon)),
					  S->diags) == VMAT_OK) {
			return LINE_OK;
		}
		complain(S);
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

/* Asks field i. Returns LINE_* or 1 to go back. */
static int
ask_field(struct session *S, size_t i)
{
	const struct vmat_field *f = &S->fields[i];
	char line[1024], def[64] = "";
	const char *current = vmat_draft_field(S->draft, i);
	if (!current && strcmp(f->id, "date") == 0) {
		today(def);
		current = def;
	} else if (!current && strcmp(f->id, "interviewer") == 0 && getenv("VMAT_INTERVIEWER")) {
		snprintf(def, sizeof(def), "%s", getenv("VMAT_INTERVIEWER"));
		current = def;
	}
	for (;;) {
		printf("%s%s", f->name, f->required ? "" : " (optional)");
		if (f->nvalues) {
			printf(":\n");
			for (size_t k = 0; k < f->nvalues; k++) {
				printf("   %2zu  %s\n", k + 1, f->values[k]);
			}
			printf("> a number or a name");
		}
		int rc = ask(current, line, sizeof(line));
		if (rc != LINE_OK) {
			return rc;
		}
		const char *value = *line ? line : current;
		char *end;
		long n = f->nvalues ? strtol(line, &end, 10) : 0;
		if (f->nvalues && *line && *end == '\0' && n >= 1 && (size_t)n <= f->nvalues) {
			value = f->values[n - 1];
		}
		if (!value || !*value) {
			if (!f->required) {
				return LINE_OK;
			}
			printf("  ! %s is required\n", f->name);
			continue;
		}
		if (vmat_draft_set_field(S->draft, i, value, S->diags) == VMAT_OK) {
			return LINE_OK;
		}
		complain(S);
	}
}

/* An answer as the SE reads it: choice labels rather than ids. */
static void
show_answer(const struct vmat_question *q, const char *v)
{
	if (!v) {
		printf("(skipped)");
		return;
	}
	if ((q->type != VMAT_CHOICE && q->type != VMAT_MULTI) || strncmp(v, "n/a", 3) == 0) {
		printf("%s", v);
		return;
	}
	for (const char *p = v; *p;) {
		size_t n = strcspn(p, ";");
		for (size_t k = 0; k < q->nchoices; k++) {
			if (strlen(q->choices[k].id) == n && strncmp(q->choices[k].id, p, n) == 0) {
				printf("%s%s", p == v ? "" : "; ", q->choices[k].label);
			}
		}
		p += n + (p[n] == ';');
	}
}

static void
review(struct session *S)
{
	size_t S_n;
	const struct vmat_stage *stages = vmat_survey_stages(S->s, &S_n);
	char num[32];
	rescore(S);
	style(S, "1");
	printf("\nReview\n");
	style(S, "0");
	size_t k = 0;
	for (size_t i = 1; i < S->nfields; i++) {
		const char *v = vmat_draft_field(S->draft, i);
		printf("  %3zu. %s: %s\n", ++k, S->fields[i].name, v ? v : "-");
	}
	for (size_t i = 0; i < S->nq; i++) {
		k++;
		if (!asked(S, i)) {
			continue;
		}
		const char *v = vmat_draft_answer(S->draft, i);
		const char *note = vmat_draft_note(S->draft, i);
		printf("  %3zu. %s ", k, S->qs[i].text);
		show_answer(&S->qs[i], v);
		printf("%s%s\n", note ? "  note: " : "", note ? note : "");
	}
	printf("\nStage reached: %s", S->res.stage ? stages[S->res.stage - 1].name : "not started");
	if (!isnan(S->res.gap)) {
		printf("; gap %s%s", S->res.gap > 0 ? "+" : "", vmat_fmt_number(num, S->res.gap));
	}
	if (S->res.nblockers) {
		printf("; blocked by");
		for (size_t b = 0; b < S->res.nblockers; b++) {
			printf("%s %s", b ? "," : "", S->dims[S->res.blockers[b].dimension].name);
		}
	}
	printf("\n");
}

/* Saves the response as YYYY-MM-DD-CUSTOMER-ID8.json, never replacing a
 * file (a -2, -3... suffix when the name is taken), then removes the draft. */
static int
save_final(struct session *S)
{
	const struct vmat_response *r;
	if (vmat_draft_response(S->draft, true, &r, S->diags) != VMAT_OK) {
		complain(S);
		return -1;
	}
	char base[128], name[160];
	vmat_response_name(base, sizeof(base), r);
	for (int n = 1; n < 1000; n++) {
		char suffix[8] = "";
		if (n > 1) {
			snprintf(suffix, sizeof(suffix), "-%d", n);
		}
		snprintf(name, sizeof(name), "%s%s.json", base, suffix);
		struct vmat_out *out;
		if (vmat_out_open(&out, S->dir, name, S->diags) != VMAT_OK) {
			break;
		}
		vmat_out_keep_existing(out);
		vmat_response_write_json(vmat_out_file(out), S->s, r);
		if (vmat_out_commit(out, S->diags) == VMAT_OK) {
			char draft[4200];
			snprintf(draft, sizeof(draft), "%s/%s", S->drafts, S->draft_name);
			unlink(draft);
			printf("Saved %s/%s\n", S->dir, name);
			return 0;
		}
		if (errno != EEXIST) {
			break;
		}
		vmat_diags_clear(S->diags);
	}
	print_diags(S->diags);
	fprintf(stderr, "vmat interview: not saved; the draft is kept in %s/%s\n", S->drafts,
		S->draft_name);
	return -1;
}

/* The interview itself: fields, questions, review. Returns LINE_*. */
static int
run(struct session *S, size_t start_field, size_t start_question)
{
	/* step: 0..nfields-1 fields (from 1: id is made, not asked), then questions */
	size_t step = start_field;
	bool in_fields = start_field < S->nfields;
	size_t qi = start_question;
	for (;;) {
		if (in_fields) {
			if (step >= S->nfields) {
				in_fields = false;
				qi = 0;
				continue;
			}
			int rc = ask_field(S, step);
			if (rc < 0) {
				return rc;
			}
			save_draft(S);
			step = rc == 1 ? (step > 1 ? step - 1 : 1) : step + 1;
			continue;
		}
		rescore(S);
		while (qi < S->nq && !asked(S, qi)) {
			qi++;
		}
		if (qi >= S->nq) {
			review(S);
			char line[64];
			printf("Type a number to change it, w to save, q to stop (the draft is kept): ");
			int rc = read_line(line, sizeof(line));
			if (rc != LINE_OK) {
				return rc;
			}
			char *end;
			long n = strtol(line, &end, 10);
			if (strcmp(line, "w") == 0) {
				if (save_final(S) == 0) {
					return LINE_OK;
				}
			} else if (strcmp(line, "q") == 0) {
				printf("Stopped. Resume with: vmat interview -s %s -o %s --resume "
				       "%s/%s\n", S->survey_path, S->dir, S->drafts, S->draft_name);
				return LINE_EOF;
			} else if (*line && *end == '\0' && n >= 1 &&
				   (size_t)n < S->nfields + S->nq) {
				if ((size_t)n < S->nfields) {
					rc = ask_field(S, (size_t)n);
				} else {
					size_t q = (size_t)n - S->nfields;
					rc = asked(S, q) ? ask_question(S, q, 1, 1) : LINE_OK;
				}
				if (rc < 0) {
					return rc;
				}
				save_draft(S);
			}
			continue;
		}
		size_t k = 0, n = 0;
		for (size_t i = 0; i < S->nq; i++) {
			n += asked(S, i);
			k += asked(S, i) && i <= qi;
		}
		int rc = ask_question(S, qi, k, n);
		if (rc < 0) {
			return rc;
		}
		save_draft(S);
		if (rc == 1) {
			/* back: the previous question asked, or the last field */
			size_t p = qi;
			while (p > 0 && !asked(S, p - 1)) {
				p--;
			}
			if (p == 0) {
				in_fields = true;
				step = S->nfields - 1;
			} else {
				qi = p - 1;
			}
		} else {
			qi++;
		}
	}
}

int
cmd_interview(int argc, char **argv)
{
	static const struct option options[] = {
		{ "survey", required_argument, NULL, 's' },
		{ "output", required_argument, NULL, 'o' },
		{ "resume", required_argument, NULL, OPT_RESUME },
		{ "help", no_argument, NULL, 'h' },
		{ 0 },
	};
	struct session S = { .dir = "." };
	const char *resume = NULL;
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
			resume = optarg;
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
	if (vmat_result_init(&S.res, survey) != VMAT_OK) {
		goto out;
	}
	snprintf(S.drafts, sizeof(S.drafts), "%s/.drafts", S.dir);
	if ((mkdir(S.dir, 0777) != 0 && errno != EEXIST) ||
	    (mkdir(S.drafts, 0777) != 0 && errno != EEXIST)) {
		fprintf(stderr, "vmat interview: cannot create %s: %s\n", S.drafts, strerror(errno));
		goto out;
	}
	int rc = resume ? vmat_draft_load(&S.draft, survey, resume, S.diags)
			: vmat_draft_create(&S.draft, survey);
	print_diags(S.diags);
	if (rc != VMAT_OK) {
		goto out;
	}
	snprintf(S.draft_name, sizeof(S.draft_name), "%.40s.json", vmat_draft_field(S.draft, 0));
	if (resume) {
		/* the draft stays where it is: its directory, its name */
		const char *slash = strrchr(resume, '/');
		snprintf(S.drafts, sizeof(S.drafts), "%.*s", slash ? (int)(slash - resume) : 1,
			 slash ? resume : ".");
		snprintf(S.draft_name, sizeof(S.draft_name), "%s", slash ? slash + 1 : resume);
	}

	/* SIGINT, SIGHUP, SIGTERM: stop reading (no SA_RESTART), keep the draft. */
	struct sigaction sa = { .sa_handler = on_signal };
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);

	size_t start_field = 1, start_question = 0;
	if (resume) {
		/* go on at the first required field or question without an answer */
		start_field = S.nfields;
		for (size_t i = 1; i < S.nfields && start_field == S.nfields; i++) {
			if (S.fields[i].required && !vmat_draft_field(S.draft, i)) {
				start_field = i;
			}
		}
		rescore(&S);
		while (start_question < S.nq && (!asked(&S, start_question) ||
						 vmat_draft_answer(S.draft, start_question))) {
			start_question++;
		}
		printf("Resuming %s/%s\n", S.drafts, S.draft_name);
	}
	save_draft(&S);
	rc = run(&S, start_field, start_question);
	if (rc == LINE_OK) {
		status = EXIT_OK;
	} else {
		if (rc == LINE_SIGNAL || rc == LINE_EOF) {
			fprintf(stderr, "\n%s. The answers so far are in %s/%s\n"
					"Resume with: vmat interview -s %s -o %s --resume %s/%s\n",
				rc == LINE_SIGNAL ? "Interrupted" : "Input ended", S.drafts,
				S.draft_name, S.survey_path, S.dir, S.drafts, S.draft_name);
		}
		if (rc == LINE_SIGNAL) {
			int sig = interrupted;
			vmat_draft_destroy(S.draft);
			vmat_result_finish(&S.res);
			vmat_survey_destroy(survey);
			vmat_diags_destroy(S.diags);
			fflush(stdout);
			signal(sig, SIG_DFL);
			raise(sig);	/* the shell sees how it ended: 130 for Ctrl-C */
			return 128 + sig;
		}
	}
out:
	vmat_draft_destroy(S.draft);
	vmat_result_finish(&S.res);
	vmat_survey_destroy(survey);
	vmat_diags_destroy(S.diags);
	return status;
}
