/* The region report for managers, as Markdown and as one HTML page. Both
 * are made from the same walk over the groups, through a small set of
 * writers (struct page), so that they say the same thing. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "private.h"

struct page {
	FILE *fp;
	bool html;
};

/* Text from data or from the survey, escaped for the page. */
static void
text(const struct page *p, const char *s)
{
	put_text(p->fp, s, p->html ? MARKUP_HTML : MARKUP_MD);
}

static void
number(const struct page *p, double v, const char *unit)
{
	char buf[32];
	if (isnan(v)) {
		fputs("n/a", p->fp);
	} else {
		fprintf(p->fp, "%s%s", vmat_fmt_number(buf, v), unit);
	}
}

static const char *
plural(size_t n)
{
	return n == 1 ? "" : "s";
}

static double
round1(double v)
{
	return round(v * 10) / 10;
}

static void
blockers(const struct page *p, const struct vmat_group *g, const struct vmat_survey *s)
{
	size_t nd;
	const struct vmat_dimension *dims = vmat_survey_dimensions(s, &nd);
	bool any = false;
	/* The three that block most, in order; ties in definition order. */
	size_t prev = nd;
	for (int k = 0; k < 3; k++) {
		size_t best = nd;
		for (size_t d = 0; d < nd; d++) {
			bool after_prev = prev == nd || g->blocked[d] < g->blocked[prev] ||
					  (g->blocked[d] == g->blocked[prev] && d > prev);
			if (g->blocked[d] && after_prev &&
			    (best == nd || g->blocked[d] > g->blocked[best])) {
				best = d;
			}
		}
		if (best == nd) {
			break;
		}
		prev = best;
		if (!any) {
			fputs(p->html ? "<h4>What blocks the next stage</h4>\n<ol class=\"blockers\">\n"
				      : "\nWhat blocks the next stage:\n\n",
			      p->fp);
			any = true;
		}
		fputs(p->html ? "<li><b>" : "1. **", p->fp);
		text(p, dims[best].name);
		fprintf(p->fp, "%s blocks %zu of %zu (%s%%)", p->html ? "</b>" : "**",
			g->blocked[best], g->responses,
			vmat_fmt_number((char[32]){ 0 },
					round1(100.0 * (double)g->blocked[best] / (double)g->responses)));
		const char *advice = survey_advice(&dims[best], g->dim_mean[best]);
		if (advice) {
			fputs(p->html ? "<br><span class=\"advice\">" : ": ", p->fp);
			text(p, advice);
			fputs(p->html ? "</span>" : "", p->fp);
		}
		fputs(p->html ? "</li>\n" : "\n", p->fp);
	}
	if (any && p->html) {
		fputs("</ol>\n", p->fp);
	}
	if (!any) {
		fputs(p->html ? "<p>Nothing blocks the next stage: every response is at the last "
				"stage.</p>\n"
			      : "\nNothing blocks the next stage: every response is at the last stage.\n",
		      p->fp);
	}
}

/* A stage by its name, "Not started" for stage 0. */
static void
stage_name(const struct page *p, const struct vmat_survey *s, int stage)
{
	size_t S;
	const struct vmat_stage *stages = vmat_survey_stages(s, &S);
	text(p, stage ? stages[stage - 1].name : "Not started");
}

enum list { MOVED_DOWN, STUCK, STALE };

/* One customer of a movement list: name, stages, date, SE, top blocker;
 * the name and the SE only with --names (names). */
static void
customer_line(const struct page *p, const struct vmat_survey *s,
	      const struct movement_customer *c, enum list list, bool names)
{
	size_t nd;
	const struct vmat_dimension *dims = vmat_survey_dimensions(s, &nd);
	char buf[32];
	fputs(p->html ? "<li>" : "- ", p->fp);
	if (names) {
		text(p, c->customer);
		fputs(": ", p->fp);
	}
	if (list == MOVED_DOWN) {
		stage_name(p, s, c->from);
		fputs(p->html ? " &rarr; " : " -> ", p->fp);
		stage_name(p, s, c->stage);
		fputs(" on ", p->fp);
		text(p, c->date);
	} else if (list == STALE) {
		fputs("last interviewed ", p->fp);
		text(p, c->date);
		fprintf(p->fp, " (%s months ago), ", vmat_fmt_number(buf, c->months));
		stage_name(p, s, c->stage);
	} else {
		stage_name(p, s, c->stage);
		fputs(" since ", p->fp);
		text(p, c->date);
		fprintf(p->fp, " (%s months)", vmat_fmt_number(buf, c->months));
	}
	if (c->interviewer && names) {
		fputs("; SE ", p->fp);
		text(p, c->interviewer);
	}
	if (c->top_blocker >= 0) {
		fputs("; top blocker ", p->fp);
		text(p, dims[c->top_blocker].name);
	}
	fputs(p->html ? "</li>\n" : "\n", p->fp);
}

enum { STUCK_SHOWN = 5 };	/* customers longest at their stage, per group */

/* reference §9: who moved since the previous interview, who is stuck. */
static void
movement(const struct page *p, const struct vmat_agg *agg, size_t gi, const struct vmat_survey *s)
{
	const struct movement *m = agg_movement(agg, gi);
	if (!m) {
		return;
	}
	char b1[32], b2[32];
	bool names = agg_options(agg)->names;
	fputs(p->html ? "<h4>Movement</h4>\n<p>" : "\nMovement: ", p->fp);
	if (m->stuck.n == 0) {
		/* a customer counts in the group of its latest interview */
		fputs("None of these customers has its latest interview in this group.", p->fp);
		fputs(p->html ? "</p>\n" : "\n", p->fp);
		return;
	}
	if (m->reinterviewed) {
		fprintf(p->fp, "%zu customer%s interviewed again: %zu moved up, %zu unchanged, "
			       "%zu moved down (since the interview before their latest). ",
			m->reinterviewed, plural(m->reinterviewed), m->up, m->unchanged, m->down);
	} else {
		fputs("No customer was interviewed again. ", p->fp);
	}
	if (!isnan(m->median_months_between)) {
		fprintf(p->fp, "Median %s months between interviews. ",
			vmat_fmt_number(b1, round1(m->median_months_between)));
	}
	fprintf(p->fp, "Median %s months at the current stage, as of %s.",
		vmat_fmt_number(b2, round1(m->median_months_at_stage)), m->as_of);
	fputs(p->html ? "</p>\n" : "\n", p->fp);
	if (m->moved_down.n) {
		fputs(p->html ? "<p>Moved down:</p>\n<ul>\n" : "\nMoved down:\n\n", p->fp);
		for (size_t i = 0; i < m->moved_down.n; i++) {
			customer_line(p, s, &m->moved_down.items[i], MOVED_DOWN, names);
		}
		fputs(p->html ? "</ul>\n" : "", p->fp);
	}
	if (m->stale.n) {
		fputs(p->html ? "<p>Due for a visit (no interview for longer than asked):</p>\n<ul>\n"
			      : "\nDue for a visit (no interview for longer than asked):\n\n",
		      p->fp);
		for (size_t i = 0; i < m->stale.n; i++) {
			customer_line(p, s, &m->stale.items[i], STALE, names);
		}
		fputs(p->html ? "</ul>\n" : "", p->fp);
	}
	size_t n = m->stuck.n < STUCK_SHOWN ? m->stuck.n : STUCK_SHOWN;
	fputs(p->html ? "<p>Longest at their stage:</p>\n<ul>\n" : "\nLongest at their stage:\n\n",
	      p->fp);
	for (size_t i = 0; i < n; i++) {
		customer_line(p, s, &m->stuck.items[i], STUCK, names);
	}
	fputs(p->html ? "</ul>\n" : "", p->fp);
}

enum { AHEAD_GAP = 2 };	/* mindset ahead of skills: aspiration - stage >= 2 */

/* YYYY-MM of a date, for the lists without names. */
static void
month(const struct page *p, const char *date)
{
	fprintf(p->fp, "%.7s", date);
}

/* The label of a partner_access answer, or "no answer". */
static const char *
partner_label(const struct vmat_survey *s, int partner)
{
	long q = survey_question_typed(s, "partner_access", VMAT_CHOICE);
	size_t nq;
	const struct vmat_question *qs = vmat_survey_questions(s, &nq);
	return q >= 0 && partner >= 0 ? qs[q].choices[partner].label : "no answer";
}

/* reference §9 "Who needs what": the customers whose latest interview is in
 * the group, at each stage with their top blocker, SE and the date of that
 * interview; named only with --names (opt.names), else counted per stage
 * and top blocker. */
static void
who_needs_what(const struct page *p, const struct vmat_agg *agg, size_t gi,
	       const struct vmat_survey *s)
{
	const struct movement *m = agg_movement(agg, gi);
	if (!m || m->latest.n == 0) {
		return;
	}
	bool names = agg_options(agg)->names;
	size_t nd;
	const struct vmat_dimension *dims = vmat_survey_dimensions(s, &nd);
	const struct movement_customers *l = &m->latest;
	fputs(p->html ? "<h4>Who needs what</h4>\n<ul class=\"who\">\n"
		      : "\nWho needs what (each customer by its latest interview):\n\n",
	      p->fp);
	for (size_t i = 0, j; i < l->n; i = j) {
		const struct movement_customer *c = &l->items[i];
		for (j = i + 1; j < l->n && l->items[j].stage == c->stage &&
				(names || l->items[j].top_blocker == c->top_blocker);) {
			j++;
		}
		if (names) {
			for (size_t k = i; k < j; k++) {
				const struct movement_customer *e = &l->items[k];
				fputs(p->html ? "<li>" : "- ", p->fp);
				text(p, e->customer);
				fputs(": ", p->fp);
				stage_name(p, s, e->stage);
				fputs("; top blocker ", p->fp);
				text(p, e->top_blocker >= 0 ? dims[e->top_blocker].name : "none");
				fputs("; SE ", p->fp);
				text(p, e->interviewer ? e->interviewer : "unknown");
				fputs("; last interviewed ", p->fp);
				text(p, e->date);
				fputs(p->html ? "</li>\n" : "\n", p->fp);
			}
			continue;
		}
		/* the dates of the run: the list is by name within it */
		const char *first = c->date, *last = c->date;
		for (size_t k = i + 1; k < j; k++) {
			const char *d = l->items[k].date;
			first = strcmp(d, first) < 0 ? d : first;
			last = strcmp(d, last) > 0 ? d : last;
		}
		fprintf(p->fp, "%s%zu customer%s at ", p->html ? "<li>" : "- ", j - i,
			plural(j - i));
		stage_name(p, s, c->stage);
		if (c->top_blocker >= 0) {
			fputs(" held back by ", p->fp);
			text(p, dims[c->top_blocker].name);
		} else {
			fputs(", nothing blocking", p->fp);
		}
		fputs(", last interviewed ", p->fp);
		month(p, first);
		if (strncmp(first, last, 7) != 0) {
			fputs(" to ", p->fp);
			month(p, last);
		}
		fputs(p->html ? "</li>\n" : "\n", p->fp);
	}
	fputs(p->html ? "</ul>\n" : "", p->fp);
}

/* Group gi's customers whose aspiration is at least AHEAD_GAP stages ahead
 * of the stage reached (latest interview), and their mean skills score
 * (NAN: none, or no skills dimension). */
static size_t
ahead_count(const struct movement *m, double *skills)
{
	size_t n = 0, ns = 0;
	double sum = 0;
	for (size_t i = 0; m && i < m->latest.n; i++) {
		const struct movement_customer *c = &m->latest.items[i];
		if (c->gap >= AHEAD_GAP) {
			n++;
			if (!isnan(c->skills)) {
				sum += c->skills;
				ns++;
			}
		}
	}
	*skills = ns ? sum / (double)ns : NAN;
	return n;
}

/* The head of the table of the customers ahead: the names with --names,
 * skills and partner access when the survey has them. */
static void
ahead_head(const struct page *p, bool names, bool skills, bool partner)
{
	const char *heads[] = { "Group", "Customer", "SE", "Last interview", "Stage", "Aspiration",
				"Gap", "Skills", "Partner access" };
	const bool shown[] = { true, names, names, names, true, true, true, skills, partner };
	fputs(p->html ? "<div class=\"wide\"><table>\n<tr>" : "\n", p->fp);
	for (size_t k = 0; k < COUNT(heads); k++) {
		if (shown[k]) {
			fprintf(p->fp, p->html ? "<th>%s</th>" : "| %s ", heads[k]);
		}
	}
	fputs(p->html ? "</tr>\n" : "|\n", p->fp);
	for (size_t k = 0; !p->html && k < COUNT(heads); k++) {
		fputs(shown[k] ? "| --- " : "", p->fp);
	}
	fputs(p->html ? "" : "|\n", p->fp);
}

/* reference §9 "Mindset ahead of skills": per group, the customers at least
 * two stages short of their aspiration, their skills score and partner
 * access, and the survey's advice for skills at their mean score. */
static void
ahead(const struct page *p, const struct vmat_agg *agg, const struct vmat_survey *s)
{
	size_t ng;
	vmat_agg_groups(agg, &ng);
	if (!agg_movement(agg, 0)) {
		return;
	}
	size_t nd;
	const struct vmat_dimension *dims = vmat_survey_dimensions(s, &nd);
	long sk = survey_dimension_id(s, "skills");
	bool partner = survey_question_typed(s, "partner_access", VMAT_CHOICE) >= 0;
	bool names = agg_options(agg)->names;
	fputs(p->html ? "<h2>Mindset ahead of skills</h2>\n<p>"
		      : "\n## Mindset ahead of skills\n\n",
	      p->fp);
	fprintf(p->fp, "Customers whose aspiration is at least %d stages ahead of the stage "
		       "reached, by their latest interview%s.",
		AHEAD_GAP, sk >= 0 ? ", with their skills score" : "");
	/* not .wide: its cells do not wrap in print, and the advice must */
	fputs(p->html ? "</p>\n<table class=\"ahead\">\n<tr><th>Group</th><th>Customers</th>"
			"<th>Ahead</th>"
		      : "\n\n| Group | Customers | Ahead",
	      p->fp);
	if (sk >= 0) {
		fputs(p->html ? "<th>Skills (mean)</th><th>Advice</th>"
			      : " | Skills (mean) | Advice",
		      p->fp);
	}
	fputs(p->html ? "</tr>\n" : " |\n| --- | ---: | ---:", p->fp);
	fputs(p->html ? "" : sk >= 0 ? " | ---: | --- |\n" : " |\n", p->fp);
	for (size_t g = 0; g < ng; g++) {
		const struct movement *m = agg_movement(agg, g);
		double mean;
		size_t n = ahead_count(m, &mean);
		fputs(p->html ? "<tr><td>" : "| ", p->fp);
		text(p, vmat_agg_group_label(agg, g));
		fprintf(p->fp, p->html ? "</td><td>%zu</td><td>%zu" : " | %zu | %zu", m->latest.n,
			n);
		if (sk >= 0) {
			fputs(p->html ? "</td><td>" : " | ", p->fp);
			number(p, round(mean * 100) / 100, "");
			fputs(p->html ? "</td><td>" : " | ", p->fp);
			const char *advice = n ? survey_advice(&dims[sk], mean) : NULL;
			if (advice) {
				text(p, advice);
			}
		}
		fputs(p->html ? "</td></tr>\n" : " |\n", p->fp);
	}
	fputs(p->html ? "</table>\n" : "", p->fp);
	/* the customers, named with --names */
	bool any = false;
	for (size_t g = 0; g < ng; g++) {
		const struct movement *m = agg_movement(agg, g);
		for (size_t i = 0; i < m->latest.n; i++) {
			const struct movement_customer *c = &m->latest.items[i];
			if (!(c->gap >= AHEAD_GAP)) {
				continue;
			}
			if (!any) {
				ahead_head(p, names, sk >= 0, partner);
				any = true;
			}
			fputs(p->html ? "<tr><td>" : "| ", p->fp);
			text(p, vmat_agg_group_label(agg, g));
			const char *sep = p->html ? "</td><td>" : " | ";
			if (names) {
				fputs(sep, p->fp);
				text(p, c->customer);
				fputs(sep, p->fp);
				text(p, c->interviewer ? c->interviewer : "");
				fputs(sep, p->fp);
				text(p, c->date);
			}
			fputs(sep, p->fp);
			stage_name(p, s, c->stage);
			fputs(sep, p->fp);
			stage_name(p, s, (int)c->aspiration);
			fputs(sep, p->fp);
			number(p, c->gap, "");
			if (sk >= 0) {
				fputs(sep, p->fp);
				number(p, round(c->skills * 100) / 100, "");
			}
			if (partner) {
				fputs(sep, p->fp);
				text(p, partner_label(s, c->partner));
			}
			fputs(p->html ? "</td></tr>\n" : " |\n", p->fp);
		}
	}
	fputs(any && p->html ? "</table></div>\n" : "", p->fp);
}

/* What the report stands on (issue 16): the survey, the interviews read and
 * counted, their dates, the grouping, and the stages it speaks of. */
static void
covers(const struct page *p, const struct vmat_agg *agg, const struct vmat_survey *s,
       size_t counted, size_t ngroups)
{
	const struct vmat_history *h = agg_history(agg);
	const struct vmat_report_options *opt = agg_options(agg);
	size_t S, read = counted, customers = 0;
	const char *first = NULL, *last = NULL;
	const struct vmat_stage *stages = vmat_survey_stages(s, &S);
	if (h) {
		history_span(h, &read, &customers, &first, &last);
	}
	fputs(p->html ? "<ul class=\"covers\">\n<li>Survey: " : "\n- Survey: ", p->fp);
	text(p, vmat_survey_title(s));
	fputs(" (", p->fp);
	text(p, vmat_survey_id(s));
	fprintf(p->fp, ", version %ld)%s", vmat_survey_version(s), p->html ? "</li>\n<li>" : "\n- ");
	if (first) {
		fprintf(p->fp, "Interviews from %s to %s: %zu read, of %zu customer%s", first, last,
			read, customers, plural(customers));
	} else {
		fprintf(p->fp, "%zu interview%s read", read, plural(read));
	}
	fprintf(p->fp, "; %zu counted", counted);
	if (opt->latest) {
		fprintf(p->fp, ", each customer's latest (%zu earlier interview%s left out)",
			read - counted, plural(read - counted));
	}
	fputs(p->html ? "</li>\n<li>Grouped by " : "\n- Grouped by ", p->fp);
	for (size_t i = 0; i < opt->nby; i++) {
		fputs(i ? ", " : "", p->fp);
		text(p, opt->by[i]);
	}
	fprintf(p->fp, ": %zu group%s", ngroups, plural(ngroups));
	if (opt->min_group > 1) {
		fprintf(p->fp, "; groups of fewer than %zu responses are folded into (other)",
			opt->min_group);
	}
	fputs(p->html ? "</li>\n<li>Stages: 0 Not started" : "\n- Stages: 0 Not started", p->fp);
	for (size_t k = 0; k < S; k++) {
		fprintf(p->fp, ", %zu ", k + 1);
		text(p, stages[k].name);
	}
	fputs(p->html ? "</li>\n</ul>\n" : "\n", p->fp);
}

/* A figure of a group's headline: "<dt>label</dt><dd>...</dd>" on the
 * page, " Label: ... ." in Markdown; between the two, its value. */
static void
figure_start(const struct page *p, const char *label)
{
	fprintf(p->fp, p->html ? "<dt>%s</dt><dd>" : " %s: ", label);
}

static void
figure_end(const struct page *p)
{
	fputs(p->html ? "</dd>\n" : ".", p->fp);
}

/* " (95% CI lo to hi, n = N)", rounded as the figure (scale 100 and a "%"
 * for a share); without an interval, " (n = N)". */
static void
weight(const struct page *p, const double *ci, size_t n, bool share)
{
	if (ci && !isnan(ci[0])) {
		fputs(" (95% CI ", p->fp);
		number(p, round1((share ? 100 : 1) * ci[0]), share ? "%" : "");
		fputs(" to ", p->fp);
		number(p, round1((share ? 100 : 1) * ci[1]), share ? "%" : "");
		fprintf(p->fp, ", n = %zu)", n);
	} else {
		fprintf(p->fp, " (n = %zu)", n);
	}
}

/* The release lag (reference §5), when the survey asks it: each figure with
 * the number of answers it stands on. */
static void
release_lag(const struct page *p, const struct vmat_group *g, const struct vmat_survey *s)
{
	bool behind = survey_question_typed(s, "releases_behind", VMAT_NUMBER) >= 0;
	bool supported = survey_question_typed(s, "supported_release", VMAT_YESNO) >= 0;
	if (!behind && !supported) {
		return;
	}
	figure_start(p, "Release lag");
	if (behind && g->releases_behind_n == 0) {
		fputs("no answer on the releases behind", p->fp);
	} else if (behind) {
		double m = round1(g->releases_behind_median);
		number(p, m, "");
		fprintf(p->fp, " release%s behind the vendor's current (median, n = %zu)",
			m == 1 ? "" : "s", g->releases_behind_n);
	}
	fputs(behind && supported ? "; " : "", p->fp);
	if (supported && g->supported_release_n == 0) {
		fputs("no answer on support", p->fp);
	} else if (supported) {
		number(p, round1(100 * g->supported_release_share), "%");
		fputs(" on a supported release", p->fp);
		weight(p, g->supported_release_share_ci, g->supported_release_n, true);
	}
	figure_end(p);
}

/* The group's figures, each with its n and its interval (reference §5). */
static void
figures(const struct page *p, const struct vmat_group *g, const struct vmat_survey *s)
{
	figure_start(p, "Median maturity index");
	number(p, round1(g->index_median), "");
	weight(p, NULL, g->index_n, false);
	figure_end(p);
	figure_start(p, "Mean maturity index");
	number(p, round1(g->index_mean), "");
	weight(p, g->index_mean_ci, g->index_n, false);
	figure_end(p);
	figure_start(p, "Mindset ahead of the stage reached");
	number(p, round1(100 * g->mindset_ahead_share), "%");
	weight(p, g->mindset_ahead_share_ci, g->gap_n, true);
	figure_end(p);
	release_lag(p, g, s);
}

/* --min-n: a group of fewer responses is flagged, its figures too
 * uncertain to read as the group's. */
static void
few(const struct page *p, const struct vmat_agg *agg, const struct vmat_group *g)
{
	size_t min_n = vmat_agg_min_n(agg);
	if (g->responses < min_n) {
		fprintf(p->fp, p->html ? "<p class=\"few\">Fewer than %zu responses: too few to "
					 "read these figures as the group's.</p>\n"
				       : "**Fewer than %zu responses: too few to read these figures "
					 "as the group's.**\n\n",
			min_n);
	}
}

static void
headline(const struct page *p, const struct vmat_agg *agg, size_t gi, const struct vmat_survey *s)
{
	size_t ng, S;
	const struct vmat_group *g = &vmat_agg_groups(agg, &ng)[gi];
	const struct vmat_stage *stages = vmat_survey_stages(s, &S);
	if (p->html) {
		fputs("<section class=\"group\">\n<h3>", p->fp);
		text(p, vmat_agg_group_label(agg, gi));
		fprintf(p->fp, "</h3>\n<p class=\"counts\">%zu response%s, %zu customer%s, "
			       "%zu interviewer%s</p>\n",
			g->responses, plural(g->responses), g->customers, plural(g->customers),
			g->interviewers, plural(g->interviewers));
		few(p, agg, g);
		fputs("<dl>\n", p->fp);
		figures(p, g, s);
		fputs("</dl>\n<table class=\"stages\">\n", p->fp);
	} else {
		fputs("\n### ", p->fp);
		text(p, vmat_agg_group_label(agg, gi));
		fputs("\n\n", p->fp);
		few(p, agg, g);
		fprintf(p->fp, "%zu response%s, %zu customer%s, %zu interviewer%s.",
			g->responses, plural(g->responses), g->customers, plural(g->customers),
			g->interviewers, plural(g->interviewers));
		figures(p, g, s);
		fputs("\n\n| Stage reached | Responses | Share |\n| --- | ---: | ---: |\n", p->fp);
	}
	for (size_t k = 0; k <= S; k++) {
		fputs(p->html ? "<tr><td>" : "| ", p->fp);
		text(p, k ? stages[k - 1].name : "Not started");
		fprintf(p->fp, p->html ? "</td><td>%zu</td><td>" : " | %zu | ", g->stages[k]);
		number(p, round1(100.0 * (double)g->stages[k] / (double)g->responses), "%");
		fputs(p->html ? "</td></tr>\n" : " |\n", p->fp);
	}
	if (p->html) {
		fputs("</table>\n", p->fp);
	}
	blockers(p, g, s);
	movement(p, agg, gi, s);
	who_needs_what(p, agg, gi, s);
	if (p->html) {
		fputs("</section>\n", p->fp);
	}
}

static void
table(const struct page *p, const struct vmat_agg *agg, const struct vmat_survey *s)
{
	size_t ng, nd;
	const struct vmat_group *g = vmat_agg_groups(agg, &ng);
	const struct vmat_dimension *dims = vmat_survey_dimensions(s, &nd);
	static const char *const heads[] = { "Responses", "Index (mean)", "Index (median)",
					     "Aspiration (mean)", "Gap (mean)", "Mindset ahead",
					     "Completeness" };
	fputs(p->html ? "<h2>Groups side by side</h2>\n<div class=\"wide\"><table>\n<tr><th>Group"
		      : "\n## Groups side by side\n\n| Group",
	      p->fp);
	for (size_t i = 0; i < COUNT(heads); i++) {
		fprintf(p->fp, p->html ? "</th><th>%s" : " | %s", heads[i]);
	}
	for (size_t d = 0; d < nd; d++) {
		fputs(p->html ? "</th><th>" : " | ", p->fp);
		text(p, dims[d].name);
	}
	fputs(p->html ? "</th></tr>\n" : " |\n| ---", p->fp);
	for (size_t i = 0; !p->html && i < COUNT(heads) + nd; i++) {
		fputs(" | ---:", p->fp);
	}
	fputs(p->html ? "" : " |\n", p->fp);
	for (size_t i = 0; i < ng; i++) {
		fputs(p->html ? "<tr><th>" : "| ", p->fp);
		text(p, vmat_agg_group_label(agg, i));
		const double v[] = { (double)g[i].responses, g[i].index_mean, g[i].index_median,
				     g[i].aspiration_mean, g[i].gap_mean,
				     100 * g[i].mindset_ahead_share, 100 * g[i].completeness_mean };
		for (size_t k = 0; k < COUNT(v); k++) {
			fputs(p->html ? (k ? "</td><td>" : "</th><td>") : " | ", p->fp);
			number(p, round1(v[k]), k >= 5 ? "%" : "");
		}
		for (size_t d = 0; d < nd; d++) {
			fputs(p->html ? "</td><td>" : " | ", p->fp);
			number(p, round(g[i].dim_mean[d] * 100) / 100, "");
		}
		fputs(p->html ? "</td></tr>\n" : " |\n", p->fp);
	}
	if (p->html) {
		fputs("</table></div>\n", p->fp);
	}
}

/* Reads a rendered chart (at most MAX_JSON_FILE bytes); free() the result. */
static char *
slurp(const char *path, size_t *len)
{
	FILE *fp = fopen(path, "rb");
	if (!fp) {
		return NULL;
	}
	char *buf = malloc(MAX_JSON_FILE + 1);
	*len = buf ? fread(buf, 1, MAX_JSON_FILE, fp) : 0;
	fclose(fp);
	if (buf) {
		buf[*len] = '\0';
	}
	return buf;
}

static void
base64(FILE *fp, const unsigned char *s, size_t len)
{
	static const char tab[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	for (size_t i = 0; i < len; i += 3) {
		unsigned v = (unsigned)s[i] << 16 | (i + 1 < len ? (unsigned)s[i + 1] << 8 : 0) |
			     (i + 2 < len ? s[i + 2] : 0);
		putc(tab[v >> 18 & 63], fp);
		putc(tab[v >> 12 & 63], fp);
		putc(i + 1 < len ? tab[v >> 6 & 63] : '=', fp);
		putc(i + 2 < len ? tab[v & 63] : '=', fp);
	}
}

/* A chart inside the page: SVG inline (gnuplot's own text in it is escaped
 * XML; its prolog is dropped), PNG as a data URI, PDF as a link. */
static void
chart(const struct page *p, const struct vmat_chart *c)
{
	if (!p->html) {
		fprintf(p->fp, "\n![%s](charts/%s)\n", c->title, c->file);
		return;
	}
	fprintf(p->fp, "<figure>\n");
	size_t len;
	char *data = c->rendered ? slurp(c->rendered, &len) : NULL;
	const char *ext = strrchr(c->file, '.');
	if (data && strcmp(ext, ".svg") == 0) {
		const char *svg = strstr(data, "<svg");
		if (svg && !strstr(svg, "<script")) {
			fputs(svg, p->fp);
		}
	} else if (data && strcmp(ext, ".png") == 0) {
		fprintf(p->fp, "<img alt=\"%s\" src=\"data:image/png;base64,", c->title);
		base64(p->fp, (const unsigned char *)data, len);
		fputs("\">\n", p->fp);
	} else {
		fprintf(p->fp, "<a href=\"charts/%s\">%s (%s)</a>\n", c->file, c->title, ext + 1);
	}
	free(data);
	fprintf(p->fp, "<figcaption>%s</figcaption>\n</figure>\n", c->title);
}

static const char css[] =
	"body{font-family:'DejaVu Sans',Verdana,sans-serif;color:#222;margin:2em auto;"
	"max-width:1100px;padding:0 1em;line-height:1.4}\n"
	"h1{font-size:1.6em}h2{margin-top:2em;border-bottom:1px solid #ccc}\n"
	".groups{display:grid;grid-template-columns:repeat(auto-fit,minmax(300px,1fr));gap:1em}\n"
	".group{border:1px solid #ddd;border-radius:6px;padding:0 1em 1em}\n"
	".group h3{margin-bottom:.2em}.counts{color:#555;margin-top:0}\n"
	"dl{display:grid;grid-template-columns:auto auto;gap:.2em 1em}dd{margin:0;font-weight:bold}\n"
	"table{border-collapse:collapse}td,th{padding:.2em .6em;border-bottom:1px solid #eee;"
	"text-align:right}td:first-child,th:first-child{text-align:left}\n"
	".wide{overflow-x:auto}.advice{color:#444;font-size:.95em}\n"
	".note{background:#fff4e0;border-left:4px solid #E69F00;padding:.5em 1em}\n"
	".few{color:#8a5a00;font-style:italic}\n"
	".ahead td:last-child{text-align:left}\n"
	"figure{margin:1.5em 0}figure svg,figure img{width:100%;height:auto}\n"
	"figcaption{color:#555;text-align:center}\n"
	/* report.pdf (--pdf): A4 with margins that leave a content area that
	 * fits US Letter too (180 x 257 mm); wide tables in the page width */
	"@media print{@page{size:A4;margin:20mm 15mm}"
	"body{margin:0;max-width:none;padding:0;font-size:10pt}h2{break-after:avoid}"
	"figure,tr{break-inside:avoid}.wide{overflow:visible}.wide table{width:100%;font-size:7.5pt}"
	".wide td,.wide th{padding:.15em .3em}.wide td{white-space:nowrap}"
	".wide tr:first-child th{overflow-wrap:anywhere}}\n";

/* What every word and column of the report means (issue 16 §3), from the
 * survey's own stages and dimensions, so that a page forwarded alone says
 * what it speaks of. */
static const char *const terms[][2] = {
	{ "Maturity index", "0 to 100: the weighted mean of the capability dimensions' "
			    "scores, as a share of the last stage's level" },
	{ "Stage reached", "the last stage whose requirements, and those of every stage "
			   "before it, the response meets" },
	{ "Aspiration", "the stage the customer's intent points to: the weighted mean of "
			"the intent dimensions, rounded down" },
	{ "Gap", "aspiration minus stage reached; the mindset is ahead of the stage "
		 "reached when it is 1 or more" },
	{ "Completeness", "the share of the shown required questions that are answered" },
	{ "Blocks the next stage", "a dimension the next stage requires whose score falls "
				   "short of it; the top blocker falls shortest" },
	{ "Release lag", "the median answer to releases_behind and the share of yes to "
			 "supported_release, when the survey asks them" },
	{ "n", "how many values a figure stands on: responses, or answers to a question" },
	{ "95% CI", "the interval that holds the true value with 95% confidence: "
		    "Student's t for a mean, Wilson's for a share" },
	{ "(other)", "the groups folded together by --min-group" },
	{ "(none)", "the responses without a value for a grouping field" },
	{ "summary.csv", "a row per group: the --by fields, then responses, customers, "
			 "interviewers, stage0..stageS (responses at each stage), and for "
			 "each figure its _n, its value and its _ci_low and _ci_high; "
			 "<dimension>_mean and _median per dimension" },
};

static void
glossary(const struct page *p, const struct vmat_survey *s)
{
	size_t S, nd;
	const struct vmat_stage *stages = vmat_survey_stages(s, &S);
	const struct vmat_dimension *dims = vmat_survey_dimensions(s, &nd);
	fputs(p->html ? "<h2>Glossary</h2>\n<dl class=\"glossary\">\n<dt>Stages</dt><dd>0 Not "
			"started"
		      : "\n## Glossary\n\n- **Stages**: 0 Not started",
	      p->fp);
	for (size_t k = 0; k < S; k++) {
		fprintf(p->fp, "; %zu ", k + 1);
		text(p, stages[k].name);
		fputs(" (requires ", p->fp);
		for (size_t r = 0; r < stages[k].nrequires; r++) {
			char b[32];
			fputs(r ? ", " : "", p->fp);
			text(p, dims[stages[k].requires[r].dimension].name);
			fprintf(p->fp, " %s", vmat_fmt_number(b, stages[k].requires[r].min));
		}
		fputs(")", p->fp);
	}
	fputs(p->html ? "</dd>\n<dt>Dimensions</dt><dd>" : "\n- **Dimensions**: ", p->fp);
	for (size_t d = 0; d < nd; d++) {
		fputs(d ? "; " : "", p->fp);
		text(p, dims[d].name);
		fputs(" (", p->fp);
		text(p, dims[d].id);
		fprintf(p->fp, ", %s, %zu question%s)", dims[d].intent ? "intent" : "capability",
			dims[d].nquestions, plural(dims[d].nquestions));
	}
	fputs(p->html ? "</dd>\n" : "\n", p->fp);
	bool lag = survey_question_typed(s, "releases_behind", VMAT_NUMBER) >= 0 ||
		   survey_question_typed(s, "supported_release", VMAT_YESNO) >= 0;
	for (size_t i = 0; i < COUNT(terms); i++) {
		if (!lag && strcmp(terms[i][0], "Release lag") == 0) {
			continue;	/* the survey does not ask it */
		}
		fputs(p->html ? "<dt>" : "- **", p->fp);
		text(p, terms[i][0]);
		fputs(p->html ? "</dt><dd>" : "**: ", p->fp);
		text(p, terms[i][1]);
		fputs(p->html ? "</dd>\n" : "\n", p->fp);
	}
	fputs(p->html ? "</dl>\n" : "", p->fp);
}

static int
write_page(const struct page *p, const struct vmat_agg *agg, const struct vmat_survey *s,
	   const struct vmat_charts *charts)
{
	size_t ng, total = 0;
	const struct vmat_group *g = vmat_agg_groups(agg, &ng);
	for (size_t i = 0; i < ng; i++) {
		total += g[i].responses;
	}
	if (p->html) {
		fputs("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
		      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
		      "<title>",
		      p->fp);
		text(p, vmat_survey_title(s));
		fprintf(p->fp, "</title>\n<style>\n%s</style>\n</head>\n<body>\n<h1>", css);
		text(p, vmat_survey_title(s));
		fprintf(p->fp, "</h1>\n<p>%zu response%s in %zu group%s.</p>\n", total,
			plural(total), ng, plural(ng));
	} else {
		fputs("# ", p->fp);
		text(p, vmat_survey_title(s));
		fprintf(p->fp, "\n\n%zu response%s in %zu group%s.\n", total, plural(total), ng,
			plural(ng));
	}
	covers(p, agg, s, total, ng);
	if (charts && charts->skipped) {
		const char *note =
			"Charts were skipped: gnuplot is not installed. Their data (charts/*.tsv) "
			"and templates (charts/*.gp) are beside this report, to render later: the "
			"first lines of each template say how.";
		fprintf(p->fp, p->html ? "<p class=\"note\">%s</p>\n" : "\n> %s\n", note);
	}
	fputs(p->html ? "<h2>Groups</h2>\n<div class=\"groups\">\n" : "\n## Groups\n", p->fp);
	for (size_t i = 0; i < ng; i++) {
		headline(p, agg, i, s);
	}
	fputs(p->html ? "</div>\n" : "", p->fp);
	if (charts && charts->n && !charts->skipped) {
		fputs(p->html ? "<h2>Charts</h2>\n" : "\n## Charts\n", p->fp);
		for (size_t i = 0; i < charts->n; i++) {
			chart(p, &charts->items[i]);
		}
	}
	ahead(p, agg, s);
	table(p, agg, s);
	glossary(p, s);
	fputs(p->html ? "</body>\n</html>\n" : "", p->fp);
	return ferror(p->fp) ? VMAT_EIO : VMAT_OK;
}

int
vmat_report_write_md(FILE *fp, const struct vmat_agg *agg, const struct vmat_survey *survey,
		     const struct vmat_charts *charts)
{
	return write_page(&(struct page){ fp, false }, agg, survey, charts);
}

int
vmat_report_write_html(FILE *fp, const struct vmat_agg *agg, const struct vmat_survey *survey,
		       const struct vmat_charts *charts)
{
	return write_page(&(struct page){ fp, true }, agg, survey, charts);
}
