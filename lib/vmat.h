/*
 * libvmat: virtualization-maturity surveys, responses and scores.
 *
 * The contract behind every function here is doc/reference.md of the
 * project, installed as share/doc/vmat/reference.md (survey and response
 * formats, scoring model, output columns); section numbers in comments
 * ("reference §4") refer to it.
 *
 * Conventions: functions return 0 (VMAT_OK) or a negative VMAT_E* code; the
 * details of a failure go to a caller-owned diagnostics list. Objects are
 * created by a *_create/_load function and freed by the matching *_destroy,
 * which accepts NULL. Nothing here keeps global state or sets errno for the
 * caller to read.
 */
#ifndef VMAT_H
#define VMAT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#ifdef __cplusplus
extern "C" {
#endif

#if defined(VMAT_BUILDING) && defined(__GNUC__)
#define VMAT_API __attribute__((visibility("default")))
#else
#define VMAT_API
#endif

enum vmat_status {
	VMAT_OK = 0,
	VMAT_EIO = -1,		/* a file or stream could not be read or written */
	VMAT_EINVAL = -2,	/* the input data is invalid; see the diagnostics */
	VMAT_ENOMEM = -3,
};

/** ## Diagnostics
 *
 * Problems are collected, not returned one at a time, so that a user sees
 * every problem of an input in one run (reference §8).
 */

enum vmat_severity {
	VMAT_ERROR,
	VMAT_WARNING,
	VMAT_NOTE,		/* what vmat found out, such as a file's delimiter */
};

struct vmat_diag {
	enum vmat_severity severity;
	const char *file;	/* "" when there is no file, "-" for standard input */
	long line;		/* 1-based; 0 when unknown */
	long col;		/* 1-based byte column; 0 when unknown */
	const char *where;	/* JSON path ("questions[3].id") or CSV column
				 * ("column \"q7\""); "" when none */
	const char *msg;	/* one sentence, no trailing period */
	/* file, where and msg hold no control character, so that they print
	 * safely on a terminal: each is escaped (\x1b, \u009b; reference §6,
	 * "Control characters"), and so is a byte that is not UTF-8. The one
	 * exception: the line breaks of gnuplot's output in its message. */
};

struct vmat_diags;

/**
 * Creates an empty diagnostics list. The caller owns *out; free it with
 * vmat_diags_destroy(). Returns VMAT_OK or VMAT_ENOMEM.
 */
VMAT_API int
vmat_diags_create(struct vmat_diags **out);

VMAT_API void
vmat_diags_destroy(struct vmat_diags *diags);

/** Number of diagnostics in the list. */
VMAT_API size_t
vmat_diags_count(const struct vmat_diags *diags);

/** Number of diagnostics of severity VMAT_ERROR in the list. */
VMAT_API size_t
vmat_diags_errors(const struct vmat_diags *diags);

/**
 * Returns diagnostic i (i < vmat_diags_count()). Borrowed: valid until the
 * list is cleared or destroyed.
 */
VMAT_API const struct vmat_diag *
vmat_diags_get(const struct vmat_diags *diags, size_t i);

/** Empties the list. */
VMAT_API void
vmat_diags_clear(struct vmat_diags *diags);

/**
 * Writes one diagnostic as a line, GNU style:
 * "FILE:LINE:COL: error: WHERE: MESSAGE\n" (parts that are unknown left out).
 */
VMAT_API void
vmat_diag_print(FILE *fp, const struct vmat_diag *diag);

/** ## Surveys (reference §1) */

enum vmat_question_type {
	VMAT_CHOICE,
	VMAT_MULTI,
	VMAT_YESNO,
	VMAT_SCALE,
	VMAT_NUMBER,
	VMAT_PERCENT,
	VMAT_TEXT,
};

enum vmat_combine {
	VMAT_COMBINE_MAX,
	VMAT_COMBINE_MEAN,
	VMAT_COMBINE_SUM,
};

/* A level is a double in 0..S; a null level is NAN (test with isnan()). */

struct vmat_requirement {
	size_t dimension;	/* index into vmat_survey_dimensions() */
	double min;		/* level 0..S */
};

struct vmat_stage {
	const char *id;
	const char *name;
	const char *description;	/* NULL when absent */
	const struct vmat_requirement *requires;	/* in the order the survey lists them */
	size_t nrequires;
};

struct vmat_advice {
	double below;		/* shown when the dimension score is below this level */
	const char *text;
};

struct vmat_dimension {
	const char *id;
	const char *name;
	bool intent;		/* kind "intent" (mindset); false: "capability" */
	double weight;		/* > 0 */
	const struct vmat_advice *advice;
	size_t nadvice;
	size_t nquestions;	/* questions scored in this dimension */
};

struct vmat_field {
	const char *id;
	const char *name;
	bool required;
	bool builtin;		/* one of reference §1's built-in fields */
	const char *const *values;	/* declared spellings, NULL when any value goes */
	size_t nvalues;
};

struct vmat_choice {
	const char *id;
	const char *label;
	double level;		/* NAN: "counts as answered, adds nothing" */
};

struct vmat_threshold {
	double value;
	double level;
};

struct vmat_question {
	const char *id;
	enum vmat_question_type type;
	const char *text;
	const char *help;	/* NULL when absent */
	const char *unit;	/* NULL when absent */
	long dimension;		/* index into the dimensions, -1: recorded, not scored */
	double weight;		/* > 0, within its dimension */
	bool required;

	/* reference §1 `when`: shown only if question `when_question` (an earlier one)
	 * has an answer in `when_in` or within [when_min, when_max]. */
	bool has_when;
	size_t when_question;
	const char *const *when_in;	/* NULL when the condition is a range */
	size_t nwhen_in;
	double when_min;	/* -INFINITY when absent */
	double when_max;	/* +INFINITY when absent */

	const struct vmat_choice *choices;	/* choice, multi */
	size_t nchoices;
	enum vmat_combine combine;	/* multi */
	double yes_level, no_level;	/* yesno; NAN when unscored */
	double min, max;	/* scale (integers), number, percent; +-INFINITY when unbounded */
	const struct vmat_threshold *thresholds;	/* number, percent */
	size_t nthresholds;
	bool lower_is_better;
};

struct vmat_survey;

/**
 * Loads and validates a survey definition (reference §1) from the file at path.
 * Every problem is appended to diags (errors and warnings, each with the file,
 * line, column and JSON path). Returns VMAT_OK and sets *out, or VMAT_EINVAL
 * (invalid survey), VMAT_EIO (unreadable file) or VMAT_ENOMEM, leaving *out
 * NULL. The caller owns *out; free it with vmat_survey_destroy().
 */
VMAT_API int
vmat_survey_load(struct vmat_survey **out, const char *path, struct vmat_diags *diags);

/** The same as vmat_survey_load() for a survey held in memory; name is used in messages. */
VMAT_API int
vmat_survey_parse(struct vmat_survey **out, const char *buf, size_t len, const char *name,
		  struct vmat_diags *diags);

VMAT_API void
vmat_survey_destroy(struct vmat_survey *survey);

/* Accessors. Everything they return is borrowed: valid until
 * vmat_survey_destroy(survey). Arrays are never NULL when *count > 0. */

VMAT_API const char *
vmat_survey_id(const struct vmat_survey *survey);

VMAT_API long
vmat_survey_version(const struct vmat_survey *survey);

VMAT_API const char *
vmat_survey_title(const struct vmat_survey *survey);

/** Stages 1..S in journey order: element j-1 is stage j. */
VMAT_API const struct vmat_stage *
vmat_survey_stages(const struct vmat_survey *survey, size_t *count);

/** Dimensions in definition order. */
VMAT_API const struct vmat_dimension *
vmat_survey_dimensions(const struct vmat_survey *survey, size_t *count);

/**
 * Metadata fields: the nine built-in fields first (id, customer, region,
 * date, interviewer, country, segment, industry, customer_id; as restated by
 * the survey),
 * then the survey's own fields in definition order.
 */
VMAT_API const struct vmat_field *
vmat_survey_fields(const struct vmat_survey *survey, size_t *count);

/** Questions in interview order. */
VMAT_API const struct vmat_question *
vmat_survey_questions(const struct vmat_survey *survey, size_t *count);

/** Returns the stage id for stage 0..S ("not-started" for stage 0). */
VMAT_API const char *
vmat_survey_stage_id(const struct vmat_survey *survey, int stage);

/** Index of the field or question with that id, or -1. */
VMAT_API long
vmat_survey_field_index(const struct vmat_survey *survey, const char *id);

VMAT_API long
vmat_survey_question_index(const struct vmat_survey *survey, const char *id);

/** ## Responses (reference §2, §3) */

enum vmat_answer_state {
	VMAT_UNANSWERED,
	VMAT_ANSWERED,
	VMAT_NOT_APPLICABLE,	/* reference §2: treated like a hidden question */
};

struct vmat_answer {
	enum vmat_answer_state state;
	double number;		/* scale, number, percent; yesno: 1 yes, 0 no; 0 unanswered */
	size_t choice;		/* choice: index into the question's choices */
	const size_t *chosen;	/* multi: choice indices in answer order */
	size_t nchosen;
	const char *text;	/* text: the answer; not applicable: the reason or NULL */
};

struct vmat_response {
	const char *source;	/* file name, "-" for standard input */
	long line;		/* bulk CSV: physical line of the row; JSON: 0 */
	const char *id;		/* as given, or derived from the content (reference §3) */
	const char *const *fields;	/* parallel to vmat_survey_fields(); NULL: absent */
	const struct vmat_answer *answers;	/* parallel to vmat_survey_questions() */
	const char *const *notes;	/* parallel to the questions; NULL: no note */
};

struct vmat_read_options {
	bool strict;		/* reference §2, §3: warnings become errors */
	FILE *stdin_fp;		/* what "-" reads; NULL: stdin */
	/* reference §3: the cell delimiter of bulk CSV, ',' or ';'; 0: found
	 * from each file's header, with a note when it is ';' */
	char delimiter;
};

struct vmat_reader;

/**
 * Creates a reader over inputs (reference §8): response .json files, directories
 * (every *.json below, in byte order of their paths; names starting with "."
 * are skipped), bulk .csv files and "-" (bulk CSV on opt->stdin_fp). Inputs
 * are opened one at a time as the reader reaches them; a bulk CSV file is
 * read in blocks, never whole. A file reached again is skipped; responses
 * themselves are not compared (vmat_run() reads each one once). paths and survey are borrowed for the
 * reader's lifetime. The caller owns *out; free it with vmat_reader_destroy().
 */
VMAT_API int
vmat_reader_create(struct vmat_reader **out, const struct vmat_survey *survey,
		   const char *const *paths, size_t npaths, const struct vmat_read_options *opt);

/**
 * Reads the next response, in input order. Returns 1 and sets *out to a
 * valid response (borrowed: valid until the next call), 0 at the end of the
 * inputs, or VMAT_EINVAL when a response (or a whole input that could not be
 * read) is invalid: its problems are appended to diags, and the next call
 * goes on with the next response. Warnings are appended in any case.
 * VMAT_ENOMEM is final.
 */
VMAT_API int
vmat_reader_next(struct vmat_reader *reader, const struct vmat_response **out,
		 struct vmat_diags *diags);

VMAT_API void
vmat_reader_destroy(struct vmat_reader *reader);

/** ## Scoring (reference §4) */

struct vmat_blocker {
	size_t dimension;	/* index into the dimensions */
	double shortfall;	/* requirement minus score; the requirement when unscored */
};

struct vmat_score_plan;

struct vmat_result {
	int stage;		/* 0..S */
	double index;		/* 0..100, NAN: null */
	double aspiration;	/* integer 0..S, NAN: null */
	double gap;		/* aspiration - stage, NAN: null */
	double completeness;	/* 0..1 */
	double *scores;		/* parallel to the dimensions, NAN: null */
	struct vmat_blocker *blockers;	/* of the next stage, in its requirement order */
	size_t nblockers;
	bool *visible;		/* parallel to the questions: shown and not N/A */
	double *levels;		/* parallel to the questions: the answer's level, NAN: none */
	struct vmat_score_plan *plan;	/* private to vmat_score(): built by
					 * vmat_result_init() for its survey */
};

/**
 * Prepares *result for scoring responses of survey. Free its arrays with
 * vmat_result_finish(). Returns VMAT_OK or VMAT_ENOMEM.
 */
VMAT_API int
vmat_result_init(struct vmat_result *result, const struct vmat_survey *survey);

VMAT_API void
vmat_result_finish(struct vmat_result *result);

/** Scores one response into result, which vmat_result_init() prepared for survey. */
VMAT_API void
vmat_score(const struct vmat_survey *survey, const struct vmat_response *response,
	   struct vmat_result *result);

/** ## Reading, scoring and collecting on several threads */

/*
 * What vmat_run() does with each scored response. The inputs are cut into
 * parts (about 128 KiB of bulk CSV, or a few response files); each part
 * has a state of its own, made by part_create() on the calling thread.
 * part_add() runs on a worker thread, for the responses of one part in
 * input order; part_merge() runs on the calling thread, for the parts in
 * input order, and must leave the part empty, ready for the next one. They
 * return VMAT_OK, or an error (such as VMAT_EIO) that stops the run.
 */
struct vmat_sink {
	void *(*part_create)(void *ctx);
	int (*part_add)(void *part, const struct vmat_response *response,
			const struct vmat_result *result);
	int (*part_merge)(void *ctx, void *part);
	void (*part_destroy)(void *part);
	/* Optional: true when merging ctx's parts in any order gives the same
	 * ctx (an aggregate's sums and counts). Each worker then keeps one
	 * part for all the responses it scores, merged once at the end: far
	 * fewer merges, none of them waiting for the slowest part. */
	bool (*any_order)(void *ctx);
	/* Optional, with any_order: true when a worker's part has grown so
	 * large (an aggregate of many groups) that it is merged into ctx at
	 * once, under a lock, and the worker goes on with it emptied: memory
	 * then does not grow with the threads. */
	bool (*part_full)(void *part);
};

struct vmat_run_options {
	struct vmat_read_options read;
	unsigned threads;	/* 0: one per online CPU */
	/* Called on the calling thread, in input order: the problems found
	 * (cleared after the call), and the responses read so far. */
	void (*diags)(void *ctx, struct vmat_diags *diags);
	void (*progress)(void *ctx, size_t valid, size_t invalid);
	/* The sink is used in spite of invalid responses (--skip-invalid): a
	 * conflict's later versions must leave no trace in it, which takes
	 * merging an any_order sink's parts in input order. */
	bool conflicts_left_out;
};

struct vmat_run_counts {
	size_t valid;		/* responses handed to the sink */
	size_t invalid;		/* conflicts among them; an input that cannot be
				 * read counts as one */
	size_t duplicates;	/* responses read again (the same id and content) */
	size_t repeated;	/* input files reached again (the same file) */
};

/**
 * Reads the inputs (as vmat_reader_create() takes them), scores every valid
 * response and hands it to sink. Whatever the number of threads, the sink
 * sees the same parts with the same responses (but for any_order sinks),
 * and messages come in input order.
 *
 * Each response is read once: an input file reached again is skipped, and
 * a response with the id of one before it in input order is left out,
 * counted as a duplicate when its content is the same, else reported as a
 * conflict naming both places and counted invalid. (Without
 * opt->conflicts_left_out an any_order sink may then hold either version.)
 * Returns VMAT_OK, VMAT_ENOMEM, or the sink's error.
 */
VMAT_API int
vmat_run(const struct vmat_survey *survey, const char *const *paths, size_t npaths,
	 const struct vmat_run_options *opt, const struct vmat_sink *sink, void *ctx,
	 struct vmat_run_counts *counts);

/** ## Aggregating (reference §5) */

struct vmat_aliases;

struct vmat_report_options {
	const char *const *by;	/* survey or built-in field ids, or year, quarter, month */
	size_t nby;
	bool latest;		/* only each customer's latest response counts */
	size_t min_group;	/* groups of fewer responses fold into "(other)"; 0: none */
	size_t min_n;		/* the report pages flag groups of fewer responses as too
				 * small to read (reference §5); 0: none */
	bool keep_rows;		/* keep each response's row for vmat_agg_write_responses() */
	const char *tmp_dir;	/* keep_rows: where the rows wait, in a file that has no
				 * name; NULL: the system's (tmpfile()) */
	bool trend;		/* the mean index of the responses of each quarter
				 * (vmat_agg_quarters()); opt.movement makes the trend
				 * as of each quarter's end instead. Without either,
				 * no quarter is kept: 180 bytes a group (issue 17) */
	bool movement;		/* keep every interview (a small record each) for the
				 * customers' movement (reference §9):
				 * vmat_agg_write_movement(), _transitions() */
	const char *as_of;	/* movement: the date months run to (YYYY-MM-DD);
				 * NULL: the newest interview date */
	double stale_after;	/* movement: list the customers whose latest interview
				 * is more months old (vmat_agg_write_stale()); 0: none */
	const struct vmat_aliases *aliases;	/* other names of customers (reference
						 * §9), borrowed; NULL: none */
	bool names;		/* movement: name the customers and their SE in the
				 * pages' "Who needs what" and ahead.csv (reference
				 * §9); false: counts, stages, blockers and dates only */
};

/* One group of responses and its statistics; NAN where there are no values. */
struct vmat_group {
	const char *const *key;	/* one value per --by field; "(none)" when missing */
	size_t responses, customers, interviewers;
	const size_t *stages;	/* responses at stage 0..S */
	double index_mean, index_p25, index_median, index_p75;
	double aspiration_mean, gap_mean;
	double mindset_ahead_share;	/* of the responses with a gap, those with gap >= 1 */
	double completeness_mean;
	const double *dim_mean;	/* parallel to the dimensions */
	const double *dim_median;
	const size_t *blocked;	/* parallel to the dimensions: responses it blocks */
	/* the release lag (reference §5), of the responses answering the survey's
	 * releases_behind and supported_release questions (0 and NAN without) */
	size_t releases_behind_n, supported_release_n;
	double releases_behind_median, supported_release_share;
	/* What each figure stands on (reference §5): the values behind the
	 * index, aspiration and gap (the gap's also behind the mindset share),
	 * and the 95% intervals, low then high (NAN: none): Student's t for a
	 * mean, Wilson's for a share. */
	size_t index_n, aspiration_n, gap_n;
	const size_t *dim_n;	/* parallel to the dimensions */
	double index_mean_ci[2], aspiration_mean_ci[2], gap_mean_ci[2], completeness_mean_ci[2];
	double mindset_ahead_share_ci[2], supported_release_share_ci[2];
	const double *dim_mean_ci;	/* two per dimension */
};

struct vmat_agg;

/**
 * Creates an aggregate of responses of survey, grouped as opt says. An
 * unknown or repeated --by field is reported in diags (VMAT_EINVAL). survey
 * and opt->by are borrowed. The caller owns *out; free it with
 * vmat_agg_destroy().
 *
 * Memory grows with the groups and the distinct customers, interviewers,
 * index values and dimension scores, never with the responses themselves
 * (doc/decisions.md); kept rows go to a temporary file.
 */
VMAT_API int
vmat_agg_create(struct vmat_agg **out, const struct vmat_survey *survey,
		const struct vmat_report_options *opt, struct vmat_diags *diags);

/**
 * Adds one scored response. Aggregates share nothing: distinct ones may be
 * added to on different threads at once. Returns VMAT_OK, VMAT_ENOMEM, or
 * VMAT_EIO when kept rows cannot be written to their temporary file.
 */
VMAT_API int
vmat_agg_add(struct vmat_agg *agg, const struct vmat_response *response,
	     const struct vmat_result *result);

/**
 * Moves everything part holds into agg, as if its responses had been added
 * to agg after those agg holds. part must have been created with the same
 * survey and options, and neither finished. part is left empty, ready for
 * more responses. However the responses are cut into parts, agg ends with
 * the same bytes in every output. Returns VMAT_OK, VMAT_ENOMEM or VMAT_EIO
 * (as vmat_agg_add()); after an error agg is good only for vmat_agg_destroy().
 */
VMAT_API int
vmat_agg_merge(struct vmat_agg *agg, struct vmat_agg *part);

/**
 * For vmat_run() with an aggregate as ctx: each part is an aggregate. With
 * kept rows or --latest they are merged in input order; otherwise each
 * thread keeps one (any_order), which holds its own copy of the customers.
 */
VMAT_API extern const struct vmat_sink vmat_agg_sink;

/**
 * Computes the groups once every response is added; nothing can be added
 * after. Returns VMAT_OK, VMAT_ENOMEM or VMAT_EIO (as vmat_agg_add()).
 */
VMAT_API int
vmat_agg_finish(struct vmat_agg *agg);

/** The groups in reference §5 order, after vmat_agg_finish(). Borrowed: valid until destroy. */
VMAT_API const struct vmat_group *
vmat_agg_groups(const struct vmat_agg *agg, size_t *count);

/**
 * Responses that count, by stage reached and aspiration:
 * counts[stage * (S + 1) + aspiration]; those without an aspiration are left out.
 */
VMAT_API const size_t *
vmat_agg_aspiration(const struct vmat_agg *agg);

/**
 * The quarters ("2010-Q2") of the trend, in order: with opt.trend, those the
 * counted responses span; with opt.movement, every quarter from the first
 * interview's to the last's (reference §9); none without either.
 */
VMAT_API const char *const *
vmat_agg_quarters(const struct vmat_agg *agg, size_t *count);

/**
 * Group g's mean index in quarter q (NAN: none): of the responses of that
 * quarter; with opt.movement, of each customer's latest interview up to the
 * quarter's end that is in group g (the state of the group as of then).
 */
VMAT_API double
vmat_agg_quarter_index(const struct vmat_agg *agg, size_t g, size_t q);

/** With opt.movement: the customers behind vmat_agg_quarter_index(); 0 without. */
VMAT_API size_t
vmat_agg_quarter_customers(const struct vmat_agg *agg, size_t g, size_t q);

/** opt.min_n, as the aggregate was made with. */
VMAT_API size_t
vmat_agg_min_n(const struct vmat_agg *agg);

/** The label of group g: its key values joined by " / ". Borrowed. */
VMAT_API const char *
vmat_agg_group_label(const struct vmat_agg *agg, size_t g);

/** Summary CSV (reference §6): the --by fields, then the statistics. VMAT_EIO on a write error. */
VMAT_API int
vmat_agg_write_summary(const struct vmat_agg *agg, FILE *fp, bool csv_guard);

/** The same numbers, tidy: the --by fields, metric, value; one row per statistic. */
VMAT_API int
vmat_agg_write_long(const struct vmat_agg *agg, FILE *fp, bool csv_guard);

/**
 * The `vmat score` rows of the responses that count, in input order, plus
 * index_percentile: the share (0..100) of its group's responses with an
 * index at or below its own. Needs opt->keep_rows (VMAT_EINVAL without).
 * Returns VMAT_OK, or VMAT_EIO when fp or the temporary file fails.
 */
VMAT_API int
vmat_agg_write_responses(const struct vmat_agg *agg, FILE *fp);

/**
 * With opt.movement, after vmat_agg_finish(): appends to diags the warnings of
 * reference §9 about the customers it follows (names joined by a legal form,
 * a name with several customer_ids), as vmat_history_write() does. Returns
 * VMAT_OK or VMAT_ENOMEM.
 */
VMAT_API int
vmat_agg_warnings(const struct vmat_agg *agg, struct vmat_diags *diags);

/**
 * With opt.movement: movement.csv (reference §9), one row per group: the
 * --by fields, customers_reinterviewed, moved_up, unchanged, moved_down,
 * median_months_between, median_months_at_stage. Returns VMAT_OK or VMAT_EIO.
 */
VMAT_API int
vmat_agg_write_movement(const struct vmat_agg *agg, FILE *fp, bool csv_guard);

/**
 * With opt.movement: transitions.csv (reference §9): the --by fields,
 * from_stage, to_stage, customers; a row per group and transition made.
 */
VMAT_API int
vmat_agg_write_transitions(const struct vmat_agg *agg, FILE *fp, bool csv_guard);

/**
 * With opt.movement and opt.stale_after: stale.csv (reference §9), the
 * customers whose latest interview is more than stale_after months before
 * the as-of date: the --by fields (of that interview's group), interviewer,
 * customer, last_interview, months_since, stage, stage_id; by group, then
 * interviewer, then the longest without a visit.
 */
VMAT_API int
vmat_agg_write_stale(const struct vmat_agg *agg, FILE *fp, bool csv_guard);

/**
 * With opt.movement: ahead.csv (reference §9 "Mindset ahead of skills"), the
 * customers whose latest interview has a gap of 2 or more: the --by fields
 * (of that interview's group, "(other)" when folded), customer, interviewer,
 * last_interview (the three empty without opt.names), stage, aspiration, gap,
 * skills (the survey's dimension `skills`, empty without), partner_access
 * (the choice id of the survey's question `partner_access`, empty without);
 * by group, then stage (highest first), top blocker and name.
 */
VMAT_API int
vmat_agg_write_ahead(const struct vmat_agg *agg, FILE *fp, bool csv_guard);

/**
 * With opt.movement: trend.csv (reference §9), the state of each group at
 * each quarter's end: the --by fields, quarter, customers, index_mean; a row
 * per group and quarter, every quarter from the first interview's to the
 * last's (customers 0 and an empty mean before a group's first interview).
 */
VMAT_API int
vmat_agg_write_trend(const struct vmat_agg *agg, FILE *fp, bool csv_guard);

VMAT_API void
vmat_agg_destroy(struct vmat_agg *agg);

/** ## Writing files
 *
 * Every file vmat writes goes through one path: a temporary file in the
 * target directory, written, flushed and synced, then renamed into place, so
 * that a crash or a full disk leaves the old file or none, never half of one.
 */

struct vmat_out;

/**
 * Starts writing dir/name (name: a plain file name that vmat made, never one
 * from data). The data goes to a temporary file beside it. Problems are
 * appended to diags. The caller owns *out: finish it with vmat_out_commit()
 * or vmat_out_abort().
 */
VMAT_API int
vmat_out_open(struct vmat_out **out, const char *dir, const char *name, struct vmat_diags *diags);

/** The stream to write to. Borrowed: valid until commit or abort. */
VMAT_API FILE *
vmat_out_file(struct vmat_out *out);

/**
 * Flushes, syncs and renames the file into place, replacing an older one,
 * then syncs the directory. On any failure (reported in diags) the temporary
 * file is removed and the old file stays. Frees out. Returns VMAT_OK or VMAT_EIO.
 */
VMAT_API int
vmat_out_commit(struct vmat_out *out, struct vmat_diags *diags);

/** Removes the temporary file and frees out. NULL-safe. */
VMAT_API void
vmat_out_abort(struct vmat_out *out);

/** Makes the commit fail, rather than replace a file of the same name. */
VMAT_API void
vmat_out_keep_existing(struct vmat_out *out);

/**
 * The path of the temporary file, for a child process (gnuplot) to write in
 * place of the stream. Borrowed: valid until commit or abort.
 */
VMAT_API const char *
vmat_out_tmp_path(const struct vmat_out *out);

/* A batch of files committed together: each is written to its temporary
 * name, and only when every one was written are they all renamed into
 * place, so that a failure leaves an earlier set of files (a report) as it was. */
struct vmat_batch;

VMAT_API int
vmat_batch_create(struct vmat_batch **out);

/**
 * Adds dir/name to the batch (as vmat_out_open()). Returns the new file's
 * vmat_out, owned by the batch, or NULL with the reason in diags.
 */
VMAT_API struct vmat_out *
vmat_batch_add(struct vmat_batch *batch, const char *dir, const char *name,
	       struct vmat_diags *diags);

/**
 * Commits every file of the batch and frees it. Returns VMAT_OK or VMAT_EIO
 * (reported in diags; the files not yet renamed are removed).
 */
VMAT_API int
vmat_batch_commit(struct vmat_batch *batch, struct vmat_diags *diags);

/** Takes out back out of the batch: its temporary file is removed. */
VMAT_API void
vmat_batch_drop(struct vmat_batch *batch, struct vmat_out *out);

/** Removes every temporary file of the batch and frees it. NULL-safe. */
VMAT_API void
vmat_batch_abort(struct vmat_batch *batch);

/** ## Writing a directory whole (issue 18)
 *
 * A directory whose files belong together (a report) is written as a new
 * version, in a sibling directory `.BASE.new-PID` beside DIR, which takes
 * DIR's place in one step: renameat2(RENAME_EXCHANGE) on Linux. A crash at
 * any instant leaves the old DIR or the new one, never a mix of the two; what
 * it leaves beside DIR, the next run removes. What the user put in DIR that
 * vmat does not write is carried over (hard-linked) into the new version.
 */
struct vmat_outdir;

/**
 * Starts a new version of dir: removes what dead runs left beside it (never
 * a live run's), and makes the sibling directory, locked while this process
 * lives. A link to a directory is followed: the link keeps pointing at the
 * new version. owned: the paths in dir that vmat writes, relative to it, as
 * fnmatch(3) patterns (FNM_PATHNAME), NULL-terminated: these are not carried
 * over, so that a file an earlier run wrote and this one does not is gone.
 * Borrowed until commit or abort. Returns VMAT_OK, VMAT_ENOMEM, or VMAT_EIO
 * (reported in diags: dir is not a directory, is the current directory, or
 * cannot be made).
 * The caller owns *out: finish it with vmat_outdir_commit() or
 * vmat_outdir_abort().
 */
VMAT_API int
vmat_outdir_open(struct vmat_outdir **out, const char *dir, const char *const *owned,
		 struct vmat_diags *diags);

/**
 * Where to write the new version's files (with vmat_batch_add(), say).
 * Borrowed: valid until commit or abort.
 */
VMAT_API const char *
vmat_outdir_path(const struct vmat_outdir *outdir);

/**
 * Why the new version is written into dir itself, each file replaced in turn
 * by the batch's commit, as before issue 18; NULL when it is swapped in
 * whole. "a mount point": dir cannot be renamed; "the directory it is in
 * cannot be written": dir can, but no sibling can be made. Nothing is then
 * carried over or removed, and a crash can leave a mix of two versions.
 * Borrowed: static text.
 */
VMAT_API const char *
vmat_outdir_in_place(const struct vmat_outdir *outdir);

/**
 * Carries over what is not vmat's from the old dir, gives the new version
 * the old one's group and permissions (as far as allowed), swaps it in and
 * removes the old version. Without RENAME_EXCHANGE (ENOSYS, EINVAL: an old
 * kernel, NFS) dir is renamed aside and the new version renamed in: dir is
 * missing for an instant, and after a crash there the next run puts the old
 * version back. When dir cannot be renamed (EXDEV, EBUSY) the new files are
 * renamed into it one by one, with a warning in diags. On failure (reported
 * in diags) dir is as it was, but for the files already renamed into it in
 * that last case, and the new version is removed. Frees outdir (and does
 * nothing else when vmat_outdir_in_place()). Returns VMAT_OK or VMAT_EIO.
 */
VMAT_API int
vmat_outdir_commit(struct vmat_outdir *outdir, struct vmat_diags *diags);

/** Removes the new version and frees outdir; dir is as it was. NULL-safe. */
VMAT_API void
vmat_outdir_abort(struct vmat_outdir *outdir);

/** ## Writing responses (reference §2, §3) */

/**
 * Writes a response as a response file (reference §2): JSON, two-space indented,
 * keys in a fixed order (format, survey, survey_version, id, the fields in
 * survey order, answers and notes in question order). Returns VMAT_OK or VMAT_EIO.
 */
VMAT_API int
vmat_response_write_json(FILE *fp, const struct vmat_survey *survey,
			 const struct vmat_response *response);

/**
 * The file name a response is saved under, without ".json":
 * "YYYY-MM-DD-CUSTOMER-ID8", the customer lower-cased to ASCII letters,
 * digits and "-", and the first 8 hex digits of the id. Into buf (at least
 * 96 bytes); returns buf. Never made from anything but these three fields.
 */
VMAT_API char *
vmat_response_name(char *buf, size_t size, const struct vmat_response *response);

struct vmat_export;

/**
 * Creates a writer of bulk CSV (reference §3) to fp and writes its header: the
 * fields, one column per question, then one "note:QUESTION" column per
 * question (doc/formats.md). Reading the file back gives the same responses.
 * The caller owns *out; free it with vmat_export_destroy().
 */
VMAT_API int
vmat_export_create(struct vmat_export **out, FILE *fp, const struct vmat_survey *survey,
		   bool csv_guard);

/** Writes one response as a row. Returns VMAT_OK, VMAT_ENOMEM or VMAT_EIO. */
VMAT_API int
vmat_export_write(struct vmat_export *export, const struct vmat_response *response);

VMAT_API void
vmat_export_destroy(struct vmat_export *export);

/** For vmat_run() with the export writer as ctx: the rows, in input order. */
VMAT_API extern const struct vmat_sink vmat_export_sink;

/** ## Drafts: responses being recorded
 *
 * A draft holds a response as it is being recorded (by `vmat interview` or
 * `vmat import`): each field value and each answer as text, in the form of a
 * bulk CSV cell (reference §3: a choice id, choice ids joined by ";", yes/no, a
 * number with ".", the text, "n/a" or "n/a:REASON"). Every change is checked
 * against the survey as it is made.
 */

struct vmat_draft;

/**
 * Creates an empty draft for survey, with a new random id (a UUID v4). The
 * caller owns *out; free it with vmat_draft_destroy().
 */
VMAT_API int
vmat_draft_create(struct vmat_draft **out, const struct vmat_survey *survey);

/**
 * Loads a draft from a response file written by vmat_draft_write() (or any
 * response file of the survey); required fields may be missing. Problems go
 * to diags (VMAT_EINVAL, VMAT_EIO).
 */
VMAT_API int
vmat_draft_load(struct vmat_draft **out, const struct vmat_survey *survey, const char *path,
		struct vmat_diags *diags);

VMAT_API void
vmat_draft_destroy(struct vmat_draft *draft);

/**
 * Sets field i (an index into vmat_survey_fields()) or, with
 * vmat_draft_set_answer(), the answer to question i; NULL or "" clears it.
 * A value that does not fit is refused (VMAT_EINVAL, the reason in diags,
 * without a file name) and the old value kept.
 */
VMAT_API int
vmat_draft_set_field(struct vmat_draft *draft, size_t i, const char *value,
		     struct vmat_diags *diags);

VMAT_API int
vmat_draft_set_answer(struct vmat_draft *draft, size_t i, const char *text,
		      struct vmat_diags *diags);

/** Sets the note on question i; NULL or "" clears it. */
VMAT_API int
vmat_draft_set_note(struct vmat_draft *draft, size_t i, const char *text);

/** The current text of field i, answer i or note i; NULL when none. Borrowed until changed. */
VMAT_API const char *
vmat_draft_field(const struct vmat_draft *draft, size_t i);

VMAT_API const char *
vmat_draft_answer(const struct vmat_draft *draft, size_t i);

VMAT_API const char *
vmat_draft_note(const struct vmat_draft *draft, size_t i);

/**
 * The draft as a response, to score or write. With complete, missing
 * required fields are errors (in diags); without, they may be missing.
 * Borrowed: valid until the draft changes.
 */
VMAT_API int
vmat_draft_response(struct vmat_draft *draft, bool complete, const struct vmat_response **out,
		    struct vmat_diags *diags);

/** ## Interviews: the questionnaire as a person answers it
 *
 * An interview walks a draft through the survey as `vmat interview` asks it:
 * the fields first (but `id`, which is made), then each question the answers
 * so far show (reference §1 `when`), in survey order, then the review. It knows
 * no terminal: a front end asks what comes next, shows it, and hands back what
 * the person typed. Every value is checked as the bulk CSV cell it becomes
 * (reference §3), after the changes typing needs: blanks around it dropped, a
 * choice or a field value by its number in the list (from 1), a choice by its
 * label and yes/no as y, n, true or false (case aside, as `vmat import` reads
 * them), a percent's "%" (reference §2, "Percent answers typed by a person").
 * Control characters (U+0000 to U+001F, U+007F to U+009F) and bytes that are
 * not UTF-8 are refused in every value, answer, reason and note (`control
 * character U+001B in "Banco del Sux\x1b[Dr"`). Refusals are VMAT_EINVAL with one
 * message in diags, and leave the interview as it was.
 *
 * A question is *shown* when its `when` holds, whatever its own answer: a
 * question answered N/A is shown (and can be changed), though scoring hides
 * it. Answers of questions an edit hides are kept, as reference §1 says of
 * hidden questions: the edit undone brings them back.
 */

struct vmat_interview;

enum vmat_interview_step {
	VMAT_STEP_FIELD,	/* a field: index into vmat_survey_fields(), >= 1 */
	VMAT_STEP_QUESTION,	/* index into vmat_survey_questions() */
	VMAT_STEP_REVIEW,	/* nothing is asked: the review (index 0) */
};

struct vmat_interview_pos {
	enum vmat_interview_step step;
	size_t index;
};

struct vmat_interview_progress {
	size_t shown;		/* questions shown (see above), N/A ones included */
	size_t answered;	/* of those, answered or N/A */
	size_t position;	/* rank of the current question among the shown, from 1;
				 * 0 at a field or the review */
	size_t fields_missing;	/* required fields without a value */
};

/**
 * Starts an interview of survey on a new draft (vmat_draft_create()), at
 * field 1. survey is borrowed for the interview's lifetime. The caller owns
 * *out; free it with vmat_interview_destroy(). Returns VMAT_OK or VMAT_ENOMEM.
 */
VMAT_API int
vmat_interview_create(struct vmat_interview **out, const struct vmat_survey *survey);

/**
 * Goes on with the draft saved at path (a response file of survey), at the
 * first required field without a value, else the first question shown without
 * an answer, else the review. The draft may come from another version of the
 * survey: a value that no longer fits (a question or field the survey no
 * longer has, an answer of the wrong type, an unknown choice, a number out of
 * range, a control character) is dropped with a warning in diags that shows
 * it and says why (`answers.rto: answer "12" dropped: survey "tiny" version 2
 * has no question "rto"`); its question is then asked again, and the draft is
 * saved as one of the survey's version from then on. A file that is not a
 * response of this survey is VMAT_EINVAL; VMAT_EIO when unreadable;
 * VMAT_ENOMEM. The caller owns *out; free it with vmat_interview_destroy().
 */
VMAT_API int
vmat_interview_resume(struct vmat_interview **out, const struct vmat_survey *survey,
		      const char *path, struct vmat_diags *diags);

/** Frees the interview and its draft. NULL-safe. */
VMAT_API void
vmat_interview_destroy(struct vmat_interview *interview);

/** What is asked now. */
VMAT_API struct vmat_interview_pos
vmat_interview_current(const struct vmat_interview *interview);

/**
 * Answers what is asked with input, as typed (see above), and moves on:
 * to the next field, the next question shown, or the review. After
 * vmat_interview_edit(), the next is a question the edits showed without an
 * answer, else the review. An empty input is vmat_interview_keep(). A text
 * answer "n/a" or "n/a:REASON" is not applicable (reference §3).
 */
VMAT_API int
vmat_interview_answer(struct vmat_interview *interview, const char *input,
		      struct vmat_diags *diags);

/**
 * Keeps the current value and moves on (Enter). Refused at a required field
 * without a value ("Region is required") and at a question without an answer
 * ("no answer to keep"); an optional field may stay empty.
 */
VMAT_API int
vmat_interview_keep(struct vmat_interview *interview, struct vmat_diags *diags);

/** Clears the current answer (or optional field) and moves on. */
VMAT_API int
vmat_interview_skip(struct vmat_interview *interview, struct vmat_diags *diags);

/**
 * Marks the current question not applicable and moves on. reason as typed:
 * "" (no reason), one of reference §2's four words or its number 1 to 4
 * (out-of-scope, business-priority, constraint, other), optionally followed
 * by ": details"; "3: no budget" is stored as "n/a:constraint: no budget".
 */
VMAT_API int
vmat_interview_not_applicable(struct vmat_interview *interview, const char *reason,
			      struct vmat_diags *diags);

/** Sets the note on question i (NULL or "" clears it); stays where it is. */
VMAT_API int
vmat_interview_set_note(struct vmat_interview *interview, size_t i, const char *text,
			struct vmat_diags *diags);

/**
 * Goes back: to the question shown before the current one, from the first
 * question to the last field, from the review to the last question shown.
 * After vmat_interview_edit(), back to the review, the edit left as it is.
 * Returns false at the first field, where it stays.
 */
VMAT_API bool
vmat_interview_back(struct vmat_interview *interview);

/**
 * Asks a field (>= 1) or a shown question again, from the review: once it
 * is answered, kept or skipped, the questions the change showed without an
 * answer are asked, each in turn, then the review comes again. Refused for
 * the id, a hidden question, an index out of range.
 */
VMAT_API int
vmat_interview_edit(struct vmat_interview *interview, struct vmat_interview_pos pos,
		    struct vmat_diags *diags);

/**
 * Asks, as edits do, every question shown without an answer (before saving,
 * say), then the review again. Returns how many; with none, nothing moves.
 */
VMAT_API size_t
vmat_interview_ask_unanswered(struct vmat_interview *interview);

/** Whether question i is shown (see above). */
VMAT_API bool
vmat_interview_shown(const struct vmat_interview *interview, size_t i);

/**
 * The questions the last change (an answer, skip, N/A or note) showed, or hid,
 * in survey order; the hidden ones keep their answers. Borrowed: valid until
 * the next change.
 */
VMAT_API const size_t *
vmat_interview_revealed(const struct vmat_interview *interview, size_t *count);

VMAT_API const size_t *
vmat_interview_hidden(const struct vmat_interview *interview, size_t *count);

/**
 * The questions shown without an answer, and the required fields without a
 * value, in survey order. Borrowed: valid until the next change.
 */
VMAT_API const size_t *
vmat_interview_unanswered(const struct vmat_interview *interview, size_t *count);

VMAT_API const size_t *
vmat_interview_missing_fields(const struct vmat_interview *interview, size_t *count);

/** Counts as a prompt shows them ("[3/5]") and a review sums them up. */
VMAT_API void
vmat_interview_progress(const struct vmat_interview *interview,
			struct vmat_interview_progress *out);

/** The draft: values, answers and notes as text. Borrowed: owned by the interview. */
VMAT_API const struct vmat_draft *
vmat_interview_draft(const struct vmat_interview *interview);

/**
 * The draft scored as it stands (stage, gap, blockers for the review).
 * Borrowed: valid until the next change.
 */
VMAT_API const struct vmat_result *
vmat_interview_result(const struct vmat_interview *interview);

/**
 * The draft as a response, to save (vmat_response_write_json()), as
 * vmat_draft_response() gives it: with complete, a required field without a
 * value is an error in diags. Borrowed: valid until the next change.
 */
VMAT_API int
vmat_interview_response(struct vmat_interview *interview, bool complete,
			const struct vmat_response **out, struct vmat_diags *diags);

/**
 * Tab completion at the current step: the words that can finish typed (the
 * text before the cursor), those that begin with the word being typed, case
 * aside, in survey order: a field's declared values ("EM" gives "EMEA"), a
 * choice or multi question's choice ids (a multi's ids already typed left
 * out), "yes" and "no" at a yes/no question; none at other questions, at a
 * field without declared values and at the review. The word being typed
 * starts at byte *start of typed: after the blanks at the start, and for a
 * multi question after the last comma, semicolon or blank; the front end
 * replaces typed[*start..] with a candidate. Returns the candidates, *count
 * of them (possibly 0). Borrowed: the survey's strings, in an array valid
 * until the next call or vmat_interview_destroy().
 */
VMAT_API const char *const *
vmat_interview_complete(struct vmat_interview *interview, const char *typed, size_t *start,
			size_t *count);

/** ## Interview drafts on disk (issue 15)
 *
 * An interview's draft is a response file whose required fields may still be
 * missing, kept in DIR/.drafts/ (DIR: where the responses go) and named by the
 * interview's date and customer as a response's file name begins
 * ("2010-05-12-banco-del-sur.draft.json"; "undated-..." until the date is
 * answered), with "-2", "-3"...
 * when the name is taken. No file is written before the first change, and a
 * file is never replaced by another draft's.
 */

/**
 * Writes the draft to its file, atomically (vmat_out_commit()). The first
 * time, a new file in DIR/.drafts/ (DIR and DIR/.drafts created when
 * missing); a resumed interview's file is the one it was resumed from. When
 * the date or customer changed the name, the draft is written under the new
 * name first, then the old file removed, so that a failure leaves one of the
 * two. A failure is VMAT_EIO with the reason in diags; the last good file is
 * kept.
 */
VMAT_API int
vmat_interview_save_draft(struct vmat_interview *interview, const char *dir,
			  struct vmat_diags *diags);

/**
 * The draft's file: the path given to vmat_interview_resume(), else the one
 * vmat_interview_save_draft() last wrote; NULL when there is none (nothing
 * written yet, or the response saved). Borrowed: valid until the next save.
 */
VMAT_API const char *
vmat_interview_draft_path(const struct vmat_interview *interview);

/**
 * Saves the response, complete (a required field without a value is
 * VMAT_EINVAL, in diags), as DIR/YYYY-MM-DD-CUSTOMER-ID8.json
 * (vmat_response_name()), "-2", "-3"... added when a file has the name: no
 * file is ever replaced. Then removes the draft's file. *path is the file
 * written; borrowed: valid until vmat_interview_destroy(). VMAT_EIO when it
 * could not be written (the draft is kept).
 */
VMAT_API int
vmat_interview_save(struct vmat_interview *interview, const char *dir, const char **path,
		    struct vmat_diags *diags);

/** An unfinished draft, as vmat_interview_drafts() finds it. */
struct vmat_draft_info {
	char *path;		/* DIR/.drafts/NAME */
	char *customer;		/* NULL when not answered yet */
	char *date;		/* the interview's date; NULL when not answered yet */
	size_t answered;	/* questions answered (or N/A) of those shown, */
	size_t shown;		/* as vmat_interview_progress() counts them */
	int64_t changed;	/* the last change: the file's time, seconds since 1970 */
	char *problem;		/* why survey cannot resume it (another survey, not
				 * JSON...), the other members then 0; else NULL */
};

/**
 * The drafts in DIR/.drafts/ (every "*.json" whose name neither starts with
 * "." nor holds a control character), each read as vmat_interview_resume()
 * would with survey, the latest
 * change first (then by path). No such directory: none. The caller owns
 * *out, *count of them; free it with vmat_interview_drafts_free(). VMAT_EIO
 * (in diags) when the directory cannot be read; VMAT_ENOMEM.
 */
VMAT_API int
vmat_interview_drafts(struct vmat_draft_info **out, size_t *count,
		      const struct vmat_survey *survey, const char *dir, struct vmat_diags *diags);

/** Frees what vmat_interview_drafts() gave. NULL-safe. */
VMAT_API void
vmat_interview_drafts_free(struct vmat_draft_info *drafts, size_t count);

/** ## Importing web form exports (doc/formats.md) */

struct vmat_import_counts {
	size_t rows;		/* data rows read */
	size_t written;		/* response files written */
	size_t unchanged;	/* already imported: the same file is there */
	size_t invalid;		/* rows left out (with skip_invalid) or refused */
};

/**
 * Turns the rows of a web form tool's CSV export into response files in dir,
 * as the map (a JSON file, doc/formats.md) says: which column is which field
 * or question, answer labels to choice ids, the date format. Every problem is
 * reported with the line and column. Nothing is written unless every row is
 * valid, or skip_invalid is set (then the invalid rows are reported and left
 * out). A row's id is derived from its content, so importing the same export
 * again writes nothing new. Returns VMAT_OK, VMAT_EINVAL, VMAT_EIO, VMAT_ENOMEM.
 */
VMAT_API int
vmat_import(const struct vmat_survey *survey, const char *csv_path, const char *map_path,
	    const char *dir, bool skip_invalid, struct vmat_import_counts *counts,
	    struct vmat_diags *diags);

/**
 * Writes a starting map for csv_path to fp: each header cell matched to a
 * question by its text, or to a field by its id or name (case and spacing
 * aside), the answer labels of choice questions listed; other columns ignored.
 */
VMAT_API int
vmat_import_template(FILE *fp, const struct vmat_survey *survey, const char *csv_path,
		     struct vmat_diags *diags);

/** ## Merging (reference §8) */

struct vmat_merge_counts {
	size_t added;		/* response files written into the directory */
	size_t duplicates;	/* same id and same content as one already there or given */
	size_t conflicts;	/* ids given with different contents */
	size_t invalid;		/* inputs, or bulk CSV rows, that are not valid responses */
};

struct vmat_merge_options {
	/* To read bulk CSV inputs and "-" (NULL: they are invalid inputs). Borrowed. */
	const struct vmat_survey *survey;
	FILE *stdin_fp;		/* what "-" reads; NULL: stdin */
	char delimiter;		/* of bulk CSV, as in struct vmat_read_options */
	/* Called, when not NULL, when another merge holds the directory's lock
	 * and this one starts waiting for it; then once the lock is taken. */
	void (*on_wait)(void *ctx, const char *dir);
	void (*on_lock)(void *ctx, const char *dir);
	void *ctx;
};

/**
 * Gathers responses into dir, created if missing. inputs are as for
 * vmat_reader_create() (reference §8): response .json files and directories
 * of them are taken as they are, without a survey; each row of a bulk CSV
 * file or of "-" is checked against opt->survey and becomes the response file
 * vmat_response_write_json() writes. A response whose id is already in dir or
 * was given before, with the same content (as JSON, whatever the spacing or
 * key order), is a duplicate and is not written again; with another content
 * it is a conflict, reported with both sources. Written only when there is
 * no conflict, no invalid input and no write error, all at once; a file in
 * dir is never replaced, and a dir created by a merge that fails is removed.
 * New files are named YYYY-MM-DD-CUSTOMER-ID8.json from the response, never
 * from its file name.
 *
 * At any scale: one input file is open at a time, and each new response waits
 * in a synced, closed temporary file in dir; memory holds a small entry per
 * response. The run holds a lock on dir (flock() on the directory), waiting
 * while another merge holds it, so that two merges cannot both add the same id.
 * opt may be NULL. Returns VMAT_OK, VMAT_EIO (nothing written: dir could not
 * be created, locked or written; counts still say what else was wrong),
 * VMAT_EINVAL (nothing written: a conflict or an invalid input) or VMAT_ENOMEM.
 */
VMAT_API int
vmat_merge(const char *dir, const char *const *inputs, size_t ninputs,
	   const struct vmat_merge_options *opt, struct vmat_merge_counts *counts,
	   struct vmat_diags *diags);

/** ## Charts (reference §7) */

enum vmat_chart_format {
	VMAT_CHARTS_SVG,
	VMAT_CHARTS_PNG,
	VMAT_CHARTS_PDF,
};

struct vmat_chart_options {
	const char *templates;	/* directory of the gnuplot templates (*.gp) */
	enum vmat_chart_format format;
	const char *gnuplot;	/* the program; NULL: "gnuplot", looked up in PATH */
	int timeout;		/* seconds one chart may take; 0: 60 */
};

struct vmat_chart {
	const char *name;	/* "stages": NAME.gp, NAME.tsv and NAME.svg in the directory */
	const char *title;
	char file[32];		/* the chart's file name, "stages.svg" */
	const char *rendered;	/* where it is until the batch is committed; NULL: not drawn */
};

struct vmat_charts {
	struct vmat_chart items[7];
	size_t n;
	bool skipped;		/* gnuplot is not installed: data and templates only */
};

/**
 * Writes each chart's data (a TSV file) and a copy of its template into dir,
 * as members of batch, and draws the chart by running gnuplot on them (no
 * shell; user text reaches gnuplot only inside the data files). dir must
 * exist. Returns VMAT_OK, also when gnuplot is not installed
 * (charts->skipped); VMAT_EIO when a template is missing or gnuplot fails,
 * with gnuplot's own message in diags. `rendered` paths are borrowed from the
 * batch.
 */
VMAT_API int
vmat_charts_write(struct vmat_batch *batch, const char *dir, const struct vmat_agg *agg,
		  const struct vmat_survey *survey, const struct vmat_chart_options *opt,
		  struct vmat_charts *charts, struct vmat_diags *diags);

/** ## Reports */

/**
 * Writes the region report for managers as Markdown or as one self-contained
 * HTML page (inline CSS and SVG, no script, no external request): per group
 * the headline figures, the top blockers of the next stage with the survey's
 * advice, the charts, and a table of the groups side by side. charts may be
 * NULL (none drawn). Every user string is escaped. No timestamp: the same
 * inputs give the same bytes. Returns VMAT_OK or VMAT_EIO (write error).
 */
VMAT_API int
vmat_report_write_md(FILE *fp, const struct vmat_agg *agg, const struct vmat_survey *survey,
		     const struct vmat_charts *charts);

VMAT_API int
vmat_report_write_html(FILE *fp, const struct vmat_agg *agg, const struct vmat_survey *survey,
		       const struct vmat_charts *charts);

struct vmat_pdf_options {
	const char *chromium;	/* the program; NULL: "chromium", looked up in PATH */
	const char *tmp_dir;	/* for the browser's profile; NULL: /tmp */
	int timeout;		/* seconds the printing may take; 0: 120 */
	bool missing;		/* set on return: the program is not installed */
};

/**
 * Prints the HTML page at html (a complete file, such as the temporary file
 * of report.html in batch) to report.pdf in dir, a member of batch, with
 * headless Chromium run without a shell, in a private profile directory under
 * opt->tmp_dir that is removed after. The page's print CSS sets the paper
 * (A4; its margins fit US Letter too). The PDF's dates are set to 1970-01-01
 * UTC: the same page gives the same bytes. Returns VMAT_OK, VMAT_ENOMEM or
 * VMAT_EIO with the reason in diags; opt->missing is set when Chromium is not
 * installed.
 */
VMAT_API int
vmat_report_write_pdf(struct vmat_batch *batch, const char *dir, const char *html,
		      struct vmat_pdf_options *opt, struct vmat_diags *diags);

/**
 * Writes one customer's page: the stage reached and what it means, each
 * dimension's score against the next stage's requirement, aspiration and
 * gap, the answers that weigh most on the blocking dimensions, the notes
 * beside their answers, not-applicable answers with their reasons, and the
 * survey's advice. Plain text for a
 * terminal, or Markdown with md. Returns VMAT_OK or VMAT_EIO.
 */
VMAT_API int
vmat_explain_write(FILE *fp, const struct vmat_survey *survey, const struct vmat_response *response,
		   const struct vmat_result *result, bool md);

/*
 * vmat explain: the pages of many responses, each followed by what changed
 * since the same customer's previous interview (reference §9) when the
 * responses hold it. The responses are copied and kept until
 * vmat_explain_finish().
 */
struct vmat_explain;

/**
 * Creates an empty set of pages for responses of survey (borrowed). The
 * caller owns *out; free it with vmat_explain_destroy(). Returns VMAT_OK or
 * VMAT_ENOMEM.
 */
VMAT_API int
vmat_explain_create(struct vmat_explain **out, const struct vmat_survey *survey);

VMAT_API void
vmat_explain_destroy(struct vmat_explain *explain);

/** For vmat_run() with the pages as ctx: the responses, in input order. */
VMAT_API extern const struct vmat_sink vmat_explain_sink;

/**
 * Writes every page to fp, in input order, separated by a blank line (a
 * `---` rule in Markdown), each with its comparison; the warnings of
 * reference §9 about the customers matched go to diags first. Returns VMAT_OK,
 * VMAT_ENOMEM or VMAT_EIO (a write error on fp).
 */
VMAT_API int
vmat_explain_finish(struct vmat_explain *explain, FILE *fp, bool md, struct vmat_diags *diags);

/** ## Writing results (reference §6) */

/**
 * Formats v as reference §6 wants it: "." as decimal point whatever the locale,
 * at most 4 decimals, trailing zeros trimmed ("2.5", "61.25", "0.3333", "3").
 * NAN gives "". Returns buf.
 */
VMAT_API char *
vmat_fmt_number(char buf[32], double v);

/**
 * Writes s (len bytes) as one RFC 4180 CSV cell: quoted only when it holds a
 * comma, a double quote, CR or LF. With guard, a cell that a spreadsheet
 * would run as a formula is prefixed with "'" (reference §6). Errors are left in
 * the stream (ferror).
 */
VMAT_API void
vmat_csv_cell(FILE *fp, const char *s, size_t len, bool guard);

/**
 * Writes s for a person to read (reference §6, "Control characters"): each
 * control character as an escape, \x1b for C0 and DEL, \u009b for C1, and
 * each byte that is not UTF-8 as \xff; everything else as it is. For what
 * the data, a survey or a file name puts in a message or a table. Errors are
 * left in the stream (ferror).
 */
VMAT_API void
vmat_fput_text(FILE *fp, const char *s);

/**
 * The exact inverse of the guard on read: the length of the prefix to drop
 * from a bulk CSV cell (1 for a guarded cell, else 0).
 */
VMAT_API size_t
vmat_csv_unguard(const char *s, size_t len);

enum vmat_format {
	VMAT_FORMAT_CSV,
	VMAT_FORMAT_JSON,	/* JSON Lines: one object per response */
	VMAT_FORMAT_TABLE,	/* aligned columns for a terminal; written at the end */
};

struct vmat_rows;

/**
 * Creates a writer of `vmat score` rows (reference §6 columns) to fp, and writes
 * the header where the format has one. csv_guard applies to CSV only. fp and
 * survey are borrowed. The caller owns *out; free it with vmat_rows_destroy().
 */
VMAT_API int
vmat_rows_create(struct vmat_rows **out, FILE *fp, const struct vmat_survey *survey,
		 enum vmat_format format, bool csv_guard);

/** Writes one row. Returns VMAT_OK, VMAT_ENOMEM or VMAT_EIO (write error on fp). */
VMAT_API int
vmat_rows_write(struct vmat_rows *rows, const struct vmat_response *response,
		const struct vmat_result *result);

/** Writes what is buffered (the table) and flushes. Returns VMAT_OK or VMAT_EIO. */
VMAT_API int
vmat_rows_finish(struct vmat_rows *rows);

VMAT_API void
vmat_rows_destroy(struct vmat_rows *rows);

/** For vmat_run() with the rows writer as ctx: the rows, in input order. */
VMAT_API extern const struct vmat_sink vmat_rows_sink;

/** ## Sample data (reference §8 `vmat sample`) */

/**
 * Writes count made-up responses to survey as bulk CSV (reference §3) to fp, for
 * demonstrations and benchmarks. Columns: id, customer, region, segment,
 * date, the built-in fields the survey makes required (interviewer, country,
 * industry, customer_id), the survey's own fields, then one column per question. Rows are
 * valid for the survey: fields from their declared values, answers that fit
 * their questions, `when` respected (a hidden question's cell is empty),
 * about 10% of answers left empty and a few "n/a". Answers follow a latent
 * maturity per response that grows over the dates (2021 to 2025), so that
 * the stages are spread. Customers come from a pool of about count / 3 names
 * (at most 2^20), so most have several interviews. The same survey, count
 * and seed give the same bytes on every platform; another seed, other data.
 * Returns VMAT_OK, VMAT_ENOMEM, or VMAT_EIO on a write error (left in ferror(fp)).
 */
VMAT_API int
vmat_sample_write(FILE *fp, const struct vmat_survey *survey, uint64_t count, uint64_t seed);

/** ## Customer journeys (reference §9) */

/*
 * A customer's interviews are matched by a key (reference §9): "id:" and the
 * customer_id field when a response has one, otherwise the customer's name
 * folded (case, accents, punctuation, legal forms at the end), after the
 * aliases. The history keeps one small record per interview, and links each
 * to the previous interview of its customer.
 */
struct vmat_history;

/**
 * Creates an empty history for responses of survey (borrowed for the
 * history's lifetime). The caller owns *out; free it with
 * vmat_history_destroy(). Returns VMAT_OK or VMAT_ENOMEM.
 */
VMAT_API int
vmat_history_create(struct vmat_history **out, const struct vmat_survey *survey);

VMAT_API void
vmat_history_destroy(struct vmat_history *history);

/**
 * Reads the other names of customers from the CSV file at path (reference §9
 * `--aliases`): a header `alias,customer`, then one row per other name of a
 * customer. Every problem goes to diags with the file and line. The caller
 * owns *out (NULL unless VMAT_OK); free it with vmat_aliases_destroy().
 * Returns VMAT_OK, VMAT_EINVAL (a problem in the file), VMAT_EIO or
 * VMAT_ENOMEM.
 */
VMAT_API int
vmat_aliases_read(struct vmat_aliases **out, const char *path, struct vmat_diags *diags);

VMAT_API void
vmat_aliases_destroy(struct vmat_aliases *aliases);

/** Before any response is added: the aliases to match names by (borrowed). */
VMAT_API void
vmat_history_set_aliases(struct vmat_history *history, const struct vmat_aliases *aliases);

/** For vmat_run() with the history as ctx: the interviews, in any order. */
VMAT_API extern const struct vmat_sink vmat_history_sink;

/**
 * After the run: joins the interviews without a customer_id to the one their
 * name has, and orders the interviews by customer key, date and id, each
 * customer's previous interview before it. Returns VMAT_OK or VMAT_ENOMEM.
 */
VMAT_API int
vmat_history_finish(struct vmat_history *history);

/**
 * Writes the `vmat history` rows (reference §9 columns) of every customer,
 * or only of customer (a name, matched by its key, or a customer_id) when
 * it is not NULL, to fp. For each customer written, a warning goes to diags
 * when its key joins names that differ in more than case, accents and
 * punctuation (a legal form), or when its name has several customer_ids
 * (those without one are kept apart). A customer with no interview is an
 * error in diags, with the nearest customer's name when one is close:
 * VMAT_EINVAL, nothing written. Returns VMAT_OK, VMAT_EINVAL, VMAT_ENOMEM or VMAT_EIO (a write
 * error on fp).
 */
VMAT_API int
vmat_history_write(struct vmat_history *history, FILE *fp, enum vmat_format format,
		   bool csv_guard, const char *customer, struct vmat_diags *diags);

/** ## Peers (reference §9) */

enum vmat_peers_format {
	VMAT_PEERS_CSV,
	VMAT_PEERS_TABLE,	/* aligned columns for a terminal */
	VMAT_PEERS_MD,		/* a Markdown page an SE can send */
};

struct vmat_peers_options {
	size_t size;		/* customers per meeting at most; 0: 5 */
	bool names;		/* name the customers (and their SE) */
	enum vmat_peers_format format;
	bool csv_guard;
};

/**
 * Writes the peer meetings of each group of agg (made with opt.movement,
 * after vmat_agg_finish()): each customer by its latest interview, grouped
 * with those of the same stage and top blocker in meetings of at most
 * opt->size, with what they share and the survey's advice (reference §9).
 * Returns VMAT_OK, VMAT_EINVAL (agg keeps no history), VMAT_ENOMEM or
 * VMAT_EIO.
 */
VMAT_API int
vmat_peers_write(FILE *fp, struct vmat_agg *agg, const struct vmat_survey *survey,
		 const struct vmat_peers_options *opt);

/** ## Suggestions */

/**
 * The candidate closest to word (Levenshtein distance, in bytes) when it is
 * close enough to be a typo: at most a third of the candidate's length, as
 * in "did you mean". NULL when none is.
 */
VMAT_API const char *
vmat_nearest(const char *word, const char *const *candidates, size_t n);

#ifdef __cplusplus
}
#endif

#endif
