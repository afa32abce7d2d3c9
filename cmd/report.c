/* vmat report -s SURVEY INPUT...: region summaries (reference §5, §6, §8). */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"

static const char help[] =
	"Usage: vmat report -s SURVEY [OPTION]... INPUT...\n"
	"Group the responses and write one row of statistics per group:\n"
	"the summary CSV on standard output, or a whole report with -o.\n"
	"\n"
	"  -s, --survey=FILE     the survey definition (required)\n"
	"      --by=FIELD[,...]  group by these fields (default: region); survey or\n"
	"                        built-in fields, or year, quarter, month\n"
	"      --latest          count only each customer's latest interview\n"
	"      --aliases=FILE    CSV of other names of customers: alias,customer\n"
	"      --min-group=N     fold groups of fewer than N responses into (other)\n"
	"      --min-n=N         -o: flag groups of fewer than N responses as too small\n"
	"                        to read (default: 5; 0: none)\n"
	"      --as-of=DATE      -o: the date the months at a stage run to (default:\n"
	"                        the newest interview)\n"
	"      --stale-after=M   -o: list the customers not interviewed for more than\n"
	"                        M months, per group and interviewer (stale.csv)\n"
	"      --names           -o: name the customers and their SE in \"Who needs\n"
	"                        what\" and ahead.csv (left out by default, for reports\n"
	"                        that leave the team)\n"
	"  -o, --output=DIR      write the report into DIR (created if missing):\n"
	"                        summary.csv, summary-long.csv, responses.csv,\n"
	"                        movement.csv, transitions.csv, trend.csv, ahead.csv,\n"
	"                        report.md, report.html and charts/; the new\n"
	"                        report replaces the old one whole, and keeps the\n"
	"                        other files DIR holds\n"
	"      --charts=FORMAT   svg (default), png, pdf or none\n"
	"      --templates=DIR   the gnuplot chart templates (default: the bundled ones)\n"
	"      --pdf             -o: also report.pdf, report.html printed by headless\n"
	"                        Chromium (package chromium; VMAT_CHROMIUM names it)\n"
	"      --strict          treat warnings as errors\n"
	"      --skip-invalid    leave invalid responses out and exit 0\n"
	"      --no-csv-guard    do not prefix formula-like text cells with '\n"
	"      --delimiter=D     bulk CSV cells separated by D, ',' or ';' (default:\n"
	"                        found from each file's header)\n"
	"      --threads=N       read and score on N threads (default: one per CPU)\n"
	"  -q, --quiet           no progress on standard error\n"
	"  -h, --help            show this help\n"
	"\n"
	"When any input is invalid, nothing is written (without --skip-invalid).\n";

enum { OPT_BY = 256, OPT_LATEST, OPT_MIN_GROUP, OPT_MIN_N, OPT_CHARTS, OPT_TEMPLATES, OPT_AS_OF,
       OPT_STALE_AFTER, OPT_PDF, OPT_NAMES };

struct output {
	const char *dir;
	const char *templates;
	bool charts;
	enum vmat_chart_format format;
	bool guard;
	bool stale;		/* --stale-after: stale.csv */
	bool quiet;		/* -q: no line saying where the report is */
	bool pdf;		/* --pdf: report.pdf */
	struct vmat_pdf_options pdf_opt;
};

static int
make_dir(const char *path)
{
	if (mkdir(path, 0777) != 0 && errno != EEXIST) {
		tell("report", "cannot create %s: %s", path, strerror(errno));
		return -1;
	}
	return 0;
}

static void
pdf_missing(const struct output *o)
{
	fprintf(stderr, "vmat report: --pdf needs Chromium: %s not found%s; install it (Debian "
			"and Ubuntu package: chromium) or set VMAT_CHROMIUM to the program; no "
			"report written\n", o->pdf_opt.chromium,
		getenv("VMAT_CHROMIUM") && *getenv("VMAT_CHROMIUM") ? " (VMAT_CHROMIUM)"
								    : " in PATH");
}

/* Whether name is a program that posix_spawnp() finds: a path, or a file
 * in a directory of PATH. */
static bool
find_program(const char *name)
{
	struct stat st;
	if (strchr(name, '/')) {
		return stat(name, &st) == 0 && S_ISREG(st.st_mode) && access(name, X_OK) == 0;
	}
	const char *p = getenv("PATH");
	if (!p) {
		p = "/usr/local/bin:/bin:/usr/bin";
	}
	for (;;) {
		const char *colon = strchr(p, ':');
		int n = colon ? (int)(colon - p) : (int)strlen(p);
		char path[4096];
		snprintf(path, sizeof(path), "%.*s/%s", n ? n : 1, n ? p : ".", name);
		if (stat(path, &st) == 0 && S_ISREG(st.st_mode) && access(path, X_OK) == 0) {
			return true;
		}
		if (!colon) {
			return false;
		}
		p = colon + 1;
	}
}

/* --pdf: Chromium, from VMAT_CHROMIUM or PATH, and its time limit from
 * VMAT_CHROMIUM_TIMEOUT. Returns EXIT_OK, EXIT_USAGE (a bad time limit) or
 * EXIT_DATA (no Chromium: said before any input is read). */
static int
pdf_setup(struct output *o)
{
	const char *env = getenv("VMAT_CHROMIUM");
	o->pdf_opt.chromium = env && *env ? env : "chromium";
	o->pdf_opt.tmp_dir = getenv("TMPDIR");
	env = getenv("VMAT_CHROMIUM_TIMEOUT");
	if (env && *env) {
		char *end;
		errno = 0;
		long t = strtol(env, &end, 10);
		if (errno || *end || t < 1 || t > 86400) {
			return usage_error("report", "VMAT_CHROMIUM_TIMEOUT takes a number of "
						     "seconds from 1 to 86400, not '%s'", env);
		}
		o->pdf_opt.timeout = (int)t;
	}
	if (!find_program(o->pdf_opt.chromium)) {
		pdf_missing(o);
		return EXIT_DATA;
	}
	return EXIT_OK;
}

/* The paths in DIR that a report writes (reference §6). An earlier report's
 * are not carried over into the new one, so that none outlives the run that
 * wrote it (a stale.csv, the SVG charts of a run before --charts png); what
 * else the user put in DIR is. In charts/, every data file, template and
 * chart is vmat's, whatever its name. */
static const char *const report_files[] = {
	"summary.csv", "summary-long.csv", "responses.csv", "movement.csv", "transitions.csv",
	"trend.csv", "stale.csv", "ahead.csv", "report.md", "report.html", "report.pdf",
	"charts/*.tsv", "charts/*.gp", "charts/*.svg", "charts/*.png", "charts/*.pdf", NULL,
};

/* Writes the report's files into dir, all at once (a batch): true when all
 * were written. */
static bool
write_files(struct output *o, const char *dir, const struct vmat_agg *agg,
	    const struct vmat_survey *survey, struct vmat_charts *charts,
	    struct vmat_diags *diags)
{
	char charts_dir[4096];
	snprintf(charts_dir, sizeof(charts_dir), "%s/charts", dir);
	struct vmat_batch *batch;
	if ((o->charts && make_dir(charts_dir) != 0) || vmat_batch_create(&batch) != VMAT_OK) {
		return false;
	}
	struct vmat_out *summary = vmat_batch_add(batch, dir, "summary.csv", diags);
	struct vmat_out *tidy = vmat_batch_add(batch, dir, "summary-long.csv", diags);
	struct vmat_out *rows = vmat_batch_add(batch, dir, "responses.csv", diags);
	struct vmat_out *movement = vmat_batch_add(batch, dir, "movement.csv", diags);
	struct vmat_out *transitions = vmat_batch_add(batch, dir, "transitions.csv", diags);
	struct vmat_out *trend = vmat_batch_add(batch, dir, "trend.csv", diags);
	struct vmat_out *stale = o->stale ? vmat_batch_add(batch, dir, "stale.csv", diags) : NULL;
	struct vmat_out *ahead = vmat_batch_add(batch, dir, "ahead.csv", diags);
	struct vmat_out *md = vmat_batch_add(batch, dir, "report.md", diags);
	struct vmat_out *html = vmat_batch_add(batch, dir, "report.html", diags);
	struct vmat_chart_options copt = { .templates = o->templates, .format = o->format };
	bool ok = summary && tidy && rows && movement && transitions && trend && (stale || !o->stale) &&
		  ahead && md && html;
	ok = ok && (!o->charts || vmat_charts_write(batch, charts_dir, agg, survey, &copt, charts,
						    diags) == VMAT_OK);
	if (!ok) {
		vmat_batch_abort(batch);
		return false;
	}
	vmat_agg_write_summary(agg, vmat_out_file(summary), o->guard);
	vmat_agg_write_long(agg, vmat_out_file(tidy), o->guard);
	vmat_agg_write_responses(agg, vmat_out_file(rows));
	vmat_agg_write_movement(agg, vmat_out_file(movement), o->guard);
	vmat_agg_write_transitions(agg, vmat_out_file(transitions), o->guard);
	vmat_agg_write_trend(agg, vmat_out_file(trend), o->guard);
	if (stale) {
		vmat_agg_write_stale(agg, vmat_out_file(stale), o->guard);
	}
	vmat_agg_write_ahead(agg, vmat_out_file(ahead), o->guard);
	vmat_report_write_md(vmat_out_file(md), agg, survey, o->charts ? charts : NULL);
	vmat_report_write_html(vmat_out_file(html), agg, survey, o->charts ? charts : NULL);
	/* report.pdf is printed from report.html's temporary file and is one
	 * of the batch: all of the report, or none of it */
	if (o->pdf && (fflush(vmat_out_file(html)) != 0 ||
		       vmat_report_write_pdf(batch, dir, vmat_out_tmp_path(html), &o->pdf_opt,
					     diags) != VMAT_OK)) {
		vmat_batch_abort(batch);
		return false;
	}
	return vmat_batch_commit(batch, diags) == VMAT_OK;
}

/* The report is written into a new version of DIR, beside it, which takes
 * DIR's place in one step when all its files were written (issue 18), so
 * that a failure or a crash at any instant leaves the earlier report in DIR
 * as it was, or the new one (reference §8). */
static int
write_dir(struct output *o, const struct vmat_agg *agg, const struct vmat_survey *survey,
	  struct vmat_diags *diags)
{
	struct vmat_outdir *outdir = NULL;
	struct vmat_charts charts = { 0 };
	bool ok = vmat_outdir_open(&outdir, o->dir, report_files, diags) == VMAT_OK;
	const char *in_place = ok ? vmat_outdir_in_place(outdir) : NULL;
	if (in_place) {
		fprintf(stderr, "vmat report: warning: %s: %s; its files are replaced one by "
				"one, not all in one step\n", o->dir, in_place);
	}
	ok = ok && write_files(o, vmat_outdir_path(outdir), agg, survey, &charts, diags);
	if (ok) {
		/* tests/cli/issue-18-report-swap: a run killed here, its new
		 * report complete beside DIR, leaves DIR the old report */
		test_hold("VMAT_TEST_REPORT_HOLD", "written");
		ok = vmat_outdir_commit(outdir, diags) == VMAT_OK;
	} else {
		vmat_outdir_abort(outdir);
	}
	print_diags(diags);
	if (!ok) {
		tell("report", "no report written; %s is as it was", o->dir);
		return EXIT_DATA;
	}
	if (charts.skipped) {
		fprintf(stderr, "vmat report: gnuplot not found: charts skipped; their data and "
				"templates are in %s/charts to render later\n", o->dir);
	}
	if (!o->quiet) {
		tell("report", "wrote %s/report.html", o->dir);
		if (o->pdf) {
			tell("report", "wrote %s/report.pdf", o->dir);
		}
	}
	return EXIT_OK;
}

int
cmd_report(int argc, char **argv)
{
	static const struct option options[] = {
		READING_OPTIONS,
		CSV_GUARD_OPTION,
		ALIASES_OPTION,
		{ "by", required_argument, NULL, OPT_BY },
		{ "latest", no_argument, NULL, OPT_LATEST },
		{ "as-of", required_argument, NULL, OPT_AS_OF },
		{ "stale-after", required_argument, NULL, OPT_STALE_AFTER },
		{ "min-group", required_argument, NULL, OPT_MIN_GROUP },
		{ "min-n", required_argument, NULL, OPT_MIN_N },
		{ "output", required_argument, NULL, 'o' },
		{ "charts", required_argument, NULL, OPT_CHARTS },
		{ "templates", required_argument, NULL, OPT_TEMPLATES },
		{ "pdf", no_argument, NULL, OPT_PDF },
		{ "names", no_argument, NULL, OPT_NAMES },
		{ 0 },
	};
	struct reading r = { .cmd = "report", .guard = true };
	struct output output = { .charts = true };
	char *by_list = NULL;
	struct vmat_report_options opt = { .min_n = 5 };
	int c;
	optind = 1;
	while ((c = getopt_long(argc, argv, ":s:o:qh", options, NULL)) != -1) {
		if (reading_option(&r, c, optarg)) {
			continue;
		}
		char *end;
		switch (c) {
		case 'o':
			output.dir = optarg;
			break;
		case OPT_CHARTS:
			if (strcmp(optarg, "none") == 0) {
				output.charts = false;
			} else if (strcmp(optarg, "svg") == 0) {
				output.format = VMAT_CHARTS_SVG;
			} else if (strcmp(optarg, "png") == 0) {
				output.format = VMAT_CHARTS_PNG;
			} else if (strcmp(optarg, "pdf") == 0) {
				output.format = VMAT_CHARTS_PDF;
			} else {
				return usage_error("report", "unknown --charts format '%s' (expected "
							     "svg, png, pdf or none)", optarg);
			}
			break;
		case OPT_TEMPLATES:
			output.templates = optarg;
			break;
		case OPT_PDF:
			output.pdf = true;
			break;
		case OPT_NAMES:
			opt.names = true;
			break;
		case OPT_BY:
			by_list = optarg;
			break;
		case OPT_LATEST:
			opt.latest = true;
			break;
		case OPT_AS_OF:
			opt.as_of = optarg;	/* checked by vmat_agg_create() */
			break;
		case OPT_STALE_AFTER:
			errno = 0;
			opt.stale_after = strtod(optarg, &end);
			if (errno || *end || !*optarg || !(opt.stale_after > 0) ||
			    opt.stale_after > 1200) {
				return usage_error("report", "--stale-after takes a number of months "
							     "above 0, not '%s'", optarg);
			}
			break;
		case OPT_MIN_GROUP:
		case OPT_MIN_N:
			errno = 0;
			*(c == OPT_MIN_N ? &opt.min_n : &opt.min_group) = strtoul(optarg, &end, 10);
			if (errno || *end || !*optarg || optarg[0] == '-') {
				return usage_error("report", "--%s takes a whole number, not '%s'",
						   c == OPT_MIN_N ? "min-n" : "min-group", optarg);
			}
			break;
		case 'h':
			fputs(help, stdout);
			return finish_stdout("report");
		default:
			return option_error("report", c, argv, options);
		}
	}
	output.guard = r.guard;
	output.stale = opt.stale_after > 0;
	output.quiet = r.quiet;
	if (!output.templates) {
		output.templates = default_templates();
	}
	const char *by[MAX_BY_FIELDS + 1];
	if (parse_by("report", by_list, by, &opt.nby) != EXIT_OK) {
		return EXIT_USAGE;
	}
	if ((opt.as_of || opt.stale_after > 0) && !output.dir) {
		return usage_error("report", "--%s needs -o DIR: it shapes the report's movement",
				   opt.as_of ? "as-of" : "stale-after");
	}
	if (opt.names && !output.dir) {
		return usage_error("report", "--names needs -o DIR: it names the customers of "
					     "the report's pages and ahead.csv");
	}
	if (output.pdf && !output.dir) {
		return usage_error("report", "--pdf needs -o DIR: report.pdf is printed from "
					     "the report.html written there");
	}
	if (output.pdf && output.charts && output.format == VMAT_CHARTS_PDF) {
		return usage_error("report", "--pdf cannot take --charts pdf: a page shows SVG "
					     "or PNG charts, not PDF ones; use --charts svg (the "
					     "default) or png");
	}
	if (output.pdf) {
		int st = pdf_setup(&output);
		if (st != EXIT_OK) {
			return st;
		}
	}
	opt.by = by;
	opt.keep_rows = output.dir != NULL;
	opt.movement = output.dir != NULL;
	opt.tmp_dir = getenv("TMPDIR");	/* as mkstemp(1) and sort(1) do */

	int status = reading_start(&r, argc);
	if (status != EXIT_OK) {
		return reading_end(&r, status);
	}
	struct vmat_agg *agg;
	int rc;
	status = reading_aggregate(&r, argc, argv, &opt, &agg, &rc);
	if (status == EXIT_USAGE) {
		vmat_agg_destroy(agg);
		return reading_end(&r, status);
	}
	if (rc == VMAT_EIO) {
		fprintf(stderr, "vmat report: cannot write the rows of responses.csv to a "
				"temporary file in %s\n", opt.tmp_dir ? opt.tmp_dir : "/tmp");
		status = EXIT_DATA;
	} else if (r.rc == VMAT_ENOMEM) {
		status = EXIT_DATA;	/* reading_run() said so */
	} else if (rc != VMAT_OK) {
		fprintf(stderr, "vmat report: out of memory\n");
		status = EXIT_DATA;
	} else if (status != EXIT_OK) {
		/* reference §8: an aggregate is not written from invalid inputs */
	} else if (r.counts.valid == 0 && output.dir) {
		/* issue 18: not an error, as for score (reference §8, "Exit status"),
		 * but a report of nothing is not written */
		fprintf(stderr, "vmat report: no response found; no report written\n");
	} else if (output.dir) {
		status = write_dir(&output, agg, r.survey, r.diags);
	} else {
		if (r.counts.valid == 0) {
			fprintf(stderr, "vmat report: warning: no response found; the summary "
					"is its header alone\n");
		}
		vmat_agg_write_summary(agg, stdout, output.guard);
		status = finish_stdout("report");
	}
	vmat_agg_destroy(agg);
	return reading_end(&r, status);
}
