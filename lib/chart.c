/* Charts: data files for gnuplot and the gnuplot runs (reference §7).
 *
 * User text (group labels, stage and dimension names) goes only into the
 * TSV data files, never into a command: the templates are fixed files that
 * read their data with `plot ARG1 ...`. gnuplot runs as a child process
 * without a shell, on absolute paths (a path starting with "<" or "|" would
 * be a pipe to gnuplot), with a time limit. */
#include <errno.h>
#include <limits.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "private.h"

static const char *const extensions[] = { "svg", "png", "pdf" };

/* TSV text for gnuplot: TAB, CR and LF would break the row, and gnuplot
 * reads a double quote in data as a string delimiter with no escape, so it
 * becomes U+201D; other control characters are dropped. */
static void
tsv_text(FILE *fp, const char *s)
{
	if (!*s) {
		fputs("-", fp);	/* an empty field would read as missing */
	}
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '\t' || c == '\r' || c == '\n') {
			putc(' ', fp);
		} else if (c == '"') {
			fputs("\xE2\x80\x9D", fp);
		} else if (c >= 0x20 && c != 0x7F) {
			putc(c, fp);
		}
	}
}

static void
tsv_number(FILE *fp, double v)
{
	char buf[32];
	fputs(vmat_fmt_number(buf, v), fp);	/* NAN: empty, which gnuplot reads as missing */
}

static void
data_stages(FILE *fp, const struct vmat_agg *agg, const struct vmat_survey *s)
{
	size_t ng, S;
	const struct vmat_group *g = vmat_agg_groups(agg, &ng);
	const struct vmat_stage *stages = vmat_survey_stages(s, &S);
	fputs("group\tNot started", fp);
	for (size_t k = 0; k < S; k++) {
		putc('\t', fp);
		tsv_text(fp, stages[k].name);
	}
	putc('\n', fp);
	for (size_t i = 0; i < ng; i++) {
		tsv_text(fp, vmat_agg_group_label(agg, i));
		for (size_t k = 0; k <= S; k++) {
			putc('\t', fp);
			tsv_number(fp, 100.0 * (double)g[i].stages[k] / (double)g[i].responses);
		}
		putc('\n', fp);
	}
}

static void
data_dimensions(FILE *fp, const struct vmat_agg *agg, const struct vmat_survey *s)
{
	size_t ng, nd;
	const struct vmat_group *g = vmat_agg_groups(agg, &ng);
	const struct vmat_dimension *dims = vmat_survey_dimensions(s, &nd);
	fputs("column\trow\tmean\tdimension\tgroup\n", fp);
	for (size_t i = 0; i < ng; i++) {
		for (size_t d = 0; d < nd; d++) {
			fprintf(fp, "%zu\t%zu\t", d + 1, i + 1);
			tsv_number(fp, g[i].dim_mean[d]);
			putc('\t', fp);
			tsv_text(fp, dims[d].name);
			putc('\t', fp);
			tsv_text(fp, vmat_agg_group_label(agg, i));
			putc('\n', fp);
		}
	}
}

static void
data_aspiration(FILE *fp, const struct vmat_agg *agg, const struct vmat_survey *s)
{
	size_t S;
	vmat_survey_stages(s, &S);
	const size_t *counts = vmat_agg_aspiration(agg);
	fputs("stage\taspiration\tresponses\n", fp);
	for (size_t st = 0; st <= S; st++) {
		for (size_t asp = 0; asp <= S; asp++) {
			if (counts[st * (S + 1) + asp]) {
				fprintf(fp, "%zu\t%zu\t%zu\n", st, asp, counts[st * (S + 1) + asp]);
			}
		}
	}
}

static void
data_trend(FILE *fp, const struct vmat_agg *agg, const struct vmat_survey *s)
{
	(void)s;
	size_t ng, nq;
	vmat_agg_groups(agg, &ng);
	const char *const *quarters = vmat_agg_quarters(agg, &nq);
	fputs("quarter", fp);
	for (size_t i = 0; i < ng; i++) {
		putc('\t', fp);
		tsv_text(fp, vmat_agg_group_label(agg, i));
		fputs("\tcustomers", fp);
	}
	putc('\n', fp);
	for (size_t q = 0; q < nq; q++) {
		fputs(quarters[q], fp);
		for (size_t i = 0; i < ng; i++) {
			size_t n = vmat_agg_quarter_customers(agg, i, q);
			putc('\t', fp);
			tsv_number(fp, vmat_agg_quarter_index(agg, i, q));
			putc('\t', fp);
			if (n) {
				fprintf(fp, "%zu", n);
			}
		}
		putc('\n', fp);
	}
}

static void
data_spread(FILE *fp, const struct vmat_agg *agg, const struct vmat_survey *s)
{
	(void)s;
	size_t ng;
	const struct vmat_group *g = vmat_agg_groups(agg, &ng);
	fputs("group\tp25\tmedian\tp75\tresponses\n", fp);
	for (size_t i = 0; i < ng; i++) {
		tsv_text(fp, vmat_agg_group_label(agg, i));
		const double v[] = { g[i].index_p25, g[i].index_median, g[i].index_p75 };
		for (size_t k = 0; k < COUNT(v); k++) {
			putc('\t', fp);
			tsv_number(fp, v[k]);
		}
		fprintf(fp, "\t%zu\n", g[i].responses);
	}
}

static void
data_movement(FILE *fp, const struct vmat_agg *agg, const struct vmat_survey *s)
{
	(void)s;
	size_t ng;
	vmat_agg_groups(agg, &ng);
	fputs("group\tMoved up\tUnchanged\tMoved down\n", fp);
	for (size_t i = 0; i < ng; i++) {
		const struct movement *m = agg_movement(agg, i);
		tsv_text(fp, vmat_agg_group_label(agg, i));
		fprintf(fp, "\t%zu\t%zu\t%zu\n", m->up, m->unchanged, m->down);
	}
}

/* Mindset ahead of skills (reference §9): per group, the customers whose
 * gap is 2 or more, by their partner_access answer: its level below 1 (no
 * partner, or a reseller only), 1 or more, or no answer, no level, no such
 * question. */
static void
data_ahead(FILE *fp, const struct vmat_agg *agg, const struct vmat_survey *s)
{
	size_t ng, nq;
	vmat_agg_groups(agg, &ng);
	long q = survey_question_typed(s, "partner_access", VMAT_CHOICE);
	const struct vmat_question *qs = vmat_survey_questions(s, &nq);
	fputs("group\tNo partner\tPartner\tNot known\n", fp);
	for (size_t i = 0; i < ng; i++) {
		const struct movement *m = agg_movement(agg, i);
		size_t n[3] = { 0 };
		for (size_t k = 0; m && k < m->latest.n; k++) {
			const struct movement_customer *c = &m->latest.items[k];
			if (!(c->gap >= 2)) {
				continue;
			}
			double level = q >= 0 && c->partner >= 0 ? qs[q].choices[c->partner].level
								 : NAN;
			n[isnan(level) ? 2 : level < 1 ? 0 : 1]++;
		}
		tsv_text(fp, vmat_agg_group_label(agg, i));
		fprintf(fp, "\t%zu\t%zu\t%zu\n", n[0], n[1], n[2]);
	}
}

/* Whether any customer of the groups is two stages or more short of its
 * aspiration. */
static bool
any_ahead(const struct vmat_agg *agg)
{
	size_t ng;
	vmat_agg_groups(agg, &ng);
	for (size_t i = 0; i < ng; i++) {
		const struct movement *m = agg_movement(agg, i);
		for (size_t k = 0; m && k < m->latest.n; k++) {
			if (m->latest.items[k].gap >= 2) {
				return true;
			}
		}
	}
	return false;
}

/* Whether any customer of the groups was interviewed again. */
static bool
moved(const struct vmat_agg *agg)
{
	size_t ng;
	vmat_agg_groups(agg, &ng);
	for (size_t i = 0; i < ng; i++) {
		const struct movement *m = agg_movement(agg, i);
		if (m && m->reinterviewed) {
			return true;
		}
	}
	return false;
}

static const struct chart_kind {
	const char *name, *title;
	void (*data)(FILE *fp, const struct vmat_agg *agg, const struct vmat_survey *s);
	enum { ARG_NONE, ARG_STAGE_COLUMNS, ARG_STAGES, ARG_GROUPS } arg;
} kinds[] = {
	{ "stages", "Journey stage reached", data_stages, ARG_STAGE_COLUMNS },
	{ "dimensions", "Dimension profile", data_dimensions, ARG_STAGES },
	{ "aspiration", "Aspiration against stage reached", data_aspiration, ARG_STAGES },
	{ "trend", "Maturity index as of each quarter's end", data_trend, ARG_GROUPS },
	{ "spread", "Spread of the maturity index", data_spread, ARG_NONE },
	{ "movement", "Customers interviewed again: how they moved", data_movement, ARG_NONE },
	{ "ahead", "Mindset ahead of skills, by partner access", data_ahead, ARG_NONE },
};

/* Copies the template into the batch; returns the copy's temporary path. */
static const char *
copy_template(struct vmat_batch *batch, const char *dir, const char *templates, const char *name,
	      struct vmat_diags *diags)
{
	char src[PATH_MAX + 64], file[64];
	snprintf(file, sizeof(file), "%s.gp", name);
	snprintf(src, sizeof(src), "%s/%s", templates, file);
	struct file_text ft;
	if (file_read(&ft, src, MAX_JSON_FILE, diags) != VMAT_OK) {
		return NULL;
	}
	struct vmat_out *o = vmat_batch_add(batch, dir, file, diags);
	if (o) {
		fwrite(ft.data, 1, ft.len, vmat_out_file(o));
		fflush(vmat_out_file(o));
	}
	free(ft.data);
	return o ? vmat_out_tmp_path(o) : NULL;
}

/* Replaces each `from` in s (of capacity size) by `to`, as far as it fits. */
static const char *
replace(char *s, size_t size, const char *from, const char *to)
{
	char out[4096];
	size_t o = 0, nf = strlen(from), nt = strlen(to);
	for (const char *p = s; *p && o + 1 < sizeof(out);) {
		if (strncmp(p, from, nf) == 0 && o + nt + 1 < sizeof(out)) {
			memcpy(out + o, to, nt);
			o += nt;
			p += nf;
		} else {
			out[o++] = *p++;
		}
	}
	size_t n = o < size - 1 ? o : size - 1;
	memcpy(s, out, n);
	s[n] = '\0';
	return s;
}

int
vmat_charts_write(struct vmat_batch *batch, const char *dir, const struct vmat_agg *agg,
		  const struct vmat_survey *survey, const struct vmat_chart_options *opt,
		  struct vmat_charts *charts, struct vmat_diags *diags)
{
	*charts = (struct vmat_charts){ 0 };
	char abs_dir[PATH_MAX], abs_templates[PATH_MAX];
	if (!realpath(dir, abs_dir)) {
		diag_add(diags, VMAT_ERROR, dir, 0, 0, NULL, "%s", strerror(errno));
		return VMAT_EIO;
	}
	if (!realpath(opt->templates, abs_templates)) {
		diag_add(diags, VMAT_ERROR, opt->templates, 0, 0, NULL,
			 "chart templates not found: %s", strerror(errno));
		return VMAT_EIO;
	}
	size_t S, ng, nq;
	vmat_survey_stages(survey, &S);
	vmat_agg_groups(agg, &ng);
	vmat_agg_quarters(agg, &nq);
	const char *ext = extensions[opt->format];
	for (size_t k = 0; k < COUNT(kinds); k++) {
		const struct chart_kind *kind = &kinds[k];
		if (kind->data == data_trend && nq < 2) {
			continue;	/* a trend needs more than one quarter */
		}
		if (kind->data == data_movement && !moved(agg)) {
			continue;	/* nobody to follow (or no movement kept) */
		}
		if (kind->data == data_ahead && !any_ahead(agg)) {
			continue;	/* nobody ahead (or no movement kept) */
		}
		struct vmat_chart *c = &charts->items[charts->n++];
		c->name = kind->name;
		c->title = kind->title;
		char file[64];
		snprintf(file, sizeof(file), "%s.tsv", kind->name);
		struct vmat_out *data = vmat_batch_add(batch, abs_dir, file, diags);
		if (!data) {
			return VMAT_EIO;
		}
		kind->data(vmat_out_file(data), agg, survey);
		if (fflush(vmat_out_file(data)) != 0) {
			diag_add(diags, VMAT_ERROR, file, 0, 0, NULL, "cannot write: %s",
				 strerror(errno));
			return VMAT_EIO;
		}
		const char *template = copy_template(batch, abs_dir, abs_templates, kind->name,
						     diags);
		if (!template) {
			return VMAT_EIO;
		}
		snprintf(c->file, sizeof(c->file), "%s.%s", kind->name, ext);
		struct vmat_out *out = vmat_batch_add(batch, abs_dir, c->file, diags);
		if (!out) {
			return VMAT_EIO;
		}
		if (charts->skipped) {
			vmat_batch_drop(batch, out);
			continue;
		}
		char arg[32] = "";
		if (kind->arg == ARG_STAGE_COLUMNS) {
			snprintf(arg, sizeof(arg), "%zu", S + 2);
		} else if (kind->arg == ARG_STAGES) {
			snprintf(arg, sizeof(arg), "%zu", S);
		} else if (kind->arg == ARG_GROUPS) {
			snprintf(arg, sizeof(arg), "%zu", ng);
		}
		char *argv[] = { (char *)(opt->gnuplot ? opt->gnuplot : "gnuplot"), "-d", "-c",
				 (char *)template, (char *)vmat_out_tmp_path(data),
				 (char *)vmat_out_tmp_path(out), (char *)ext, arg[0] ? arg : NULL,
				 NULL };
		char msg[2048];
		int rc = child_run(argv, "gnuplot", opt->timeout > 0 ? opt->timeout : 60, msg,
				   sizeof(msg));
		struct stat st;
		if (rc == ENOENT) {
			charts->skipped = true;
			vmat_batch_drop(batch, out);
		} else if (rc != 0) {
			/* gnuplot names the template by the path it ran; the user
			 * knows it by the one in the templates directory */
			char src[PATH_MAX + 64];
			snprintf(src, sizeof(src), "%s/%s.gp", abs_templates, kind->name);
			diag_add_output(diags, VMAT_ERROR, src, "gnuplot failed:\n",
					replace(msg, sizeof(msg), template, src));
			return VMAT_EIO;
		} else if (stat(vmat_out_tmp_path(out), &st) != 0 || st.st_size == 0) {
			diag_add(diags, VMAT_ERROR, "", 0, 0, NULL,
				 "chart %s.gp: gnuplot wrote no chart", kind->name);
			return VMAT_EIO;
		} else {
			if (opt->format == VMAT_CHARTS_PDF) {
				/* cairo stamps the time it was made */
				pdf_unstamp(vmat_out_tmp_path(out));
			}
			c->rendered = vmat_out_tmp_path(out);
		}
	}
	return VMAT_OK;
}
