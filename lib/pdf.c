/* report.pdf: report.html printed by headless Chromium (reference §7).
 *
 * Chromium runs as a child process without a shell (child.c), on a copy of
 * the page named report.html in a private temporary directory: it takes a
 * file's type from its name, and the batch's temporary name has no .html.
 * The page is self-contained (inline SVG, PNG as data URIs), so the copy
 * needs nothing beside it. Its profile (--user-data-dir) is in the same
 * directory, removed after. */
#include <errno.h>
#include <ftw.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "private.h"

static int
remove_one(const char *path, const struct stat *st, int flag, struct FTW *ftw)
{
	(void)st, (void)flag, (void)ftw;
	remove(path);
	return 0;	/* remove what can be removed */
}

static bool
copy_file(const char *from, const char *to)
{
	FILE *in = fopen(from, "rb");
	FILE *out = in ? fopen(to, "wbx") : NULL;
	bool ok = in && out;
	char buf[1 << 14];
	size_t n;
	while (ok && (n = fread(buf, 1, sizeof(buf), in)) > 0) {
		ok = fwrite(buf, 1, n, out) == n;
	}
	ok = ok && !ferror(in);
	if (in) {
		fclose(in);
	}
	if (out && fclose(out) != 0) {
		ok = false;
	}
	return ok;
}

/* A file: URL for an absolute path, every byte but [A-Za-z0-9/._~-]
 * percent-encoded. */
static void
file_url(char *url, size_t size, const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	size_t n = (size_t)snprintf(url, size, "file://");
	for (const unsigned char *p = (const unsigned char *)path; *p && n + 4 < size; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("/._~-", *p)) {
			url[n++] = (char)*p;
		} else {
			url[n++] = '%';
			url[n++] = hex[*p >> 4];
			url[n++] = hex[*p & 15];
		}
	}
	url[n] = '\0';
}

/* Chromium's output without the lines that say nothing of a failure (D-Bus,
 * which a headless run does without): its last few lines. */
static const char *
last_lines(char *msg)
{
	char *out = msg;
	size_t len = 0;
	for (char *line = msg, *next; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next) {
			*next++ = '\0';
		}
		if (strstr(line, "dbus") || !*line) {
			continue;
		}
		size_t n = strlen(line);
		memmove(out + len, line, n);
		len += n;
		out[len++] = '\n';
	}
	while (len > 0 && out[len - 1] == '\n') {
		len--;
	}
	out[len] = '\0';
	const char *start = out + len;
	for (int lines = 0; start > out && lines < 5; start--) {
		if (start[-1] == '\n' && ++lines == 5) {
			break;
		}
	}
	return start;
}

static int
print_pdf(struct vmat_batch *batch, const char *dir, const char *html, const char *tmp,
	  struct vmat_pdf_options *opt, struct vmat_diags *diags)
{
	char page[PATH_MAX + 16], profile[PATH_MAX + 32], url[3 * PATH_MAX + 16];
	snprintf(page, sizeof(page), "%s/report.html", tmp);
	snprintf(profile, sizeof(profile), "--user-data-dir=%s/profile", tmp);
	file_url(url, sizeof(url), page);
	if (!copy_file(html, page)) {
		diag_add(diags, VMAT_ERROR, page, 0, 0, NULL, "cannot write: %s", strerror(errno));
		return VMAT_EIO;
	}
	struct vmat_out *out = vmat_batch_add(batch, dir, "report.pdf", diags);
	if (!out) {
		return VMAT_EIO;
	}
	size_t n = strlen(vmat_out_tmp_path(out)) + 32;
	char *print = malloc(n);
	size_t size = 16384;
	char *msg = malloc(size);
	if (!print || !msg) {
		free(print);
		free(msg);
		return VMAT_ENOMEM;
	}
	snprintf(print, n, "--print-to-pdf=%s", vmat_out_tmp_path(out));
	const char *program = opt->chromium ? opt->chromium : "chromium";
	char *argv[] = {
		(char *)program, "--headless", "--no-sandbox", "--disable-gpu",
		"--disable-dev-shm-usage", "--disable-background-networking",
		"--disable-component-update", "--disable-sync", "--no-first-run",
		"--no-default-browser-check", "--no-pdf-header-footer", profile, print, url, NULL,
	};
	int timeout = opt->timeout > 0 ? opt->timeout : 120;
	int rc = child_run(argv, program, timeout, msg, size);
	struct stat st;
	char head[5] = "";
	FILE *fp = rc == 0 ? fopen(vmat_out_tmp_path(out), "rb") : NULL;
	if (fp) {
		if (fread(head, 1, sizeof(head), fp) != sizeof(head)) {
			head[0] = '\0';
		}
		fclose(fp);
	}
	int status = VMAT_EIO;
	if (rc == ENOENT) {
		opt->missing = true;
		diag_add(diags, VMAT_ERROR, "", 0, 0, NULL,
			 "cannot make report.pdf: %s not found; it needs Chromium (Debian and "
			 "Ubuntu package: chromium)", program);
	} else if (rc != 0) {
		diag_add(diags, VMAT_ERROR, "", 0, 0, NULL, "cannot make report.pdf: %s",
			 last_lines(msg));
	} else if (stat(vmat_out_tmp_path(out), &st) != 0 || st.st_size == 0 ||
		   memcmp(head, "%PDF-", 5) != 0) {
		diag_add(diags, VMAT_ERROR, "", 0, 0, NULL,
			 "cannot make report.pdf: %s wrote no PDF", program);
	} else {
		pdf_unstamp(vmat_out_tmp_path(out));
		status = VMAT_OK;
	}
	free(print);
	free(msg);
	return status;
}

int
vmat_report_write_pdf(struct vmat_batch *batch, const char *dir, const char *html,
		      struct vmat_pdf_options *opt, struct vmat_diags *diags)
{
	opt->missing = false;
	char abs_dir[PATH_MAX], tmp[PATH_MAX];
	if (!realpath(dir, abs_dir)) {
		diag_add(diags, VMAT_ERROR, dir, 0, 0, NULL, "%s", strerror(errno));
		return VMAT_EIO;
	}
	const char *root = opt->tmp_dir && *opt->tmp_dir ? opt->tmp_dir : "/tmp";
	char made[PATH_MAX];
	if ((size_t)snprintf(made, sizeof(made), "%s/vmat-pdf-XXXXXX", root) >= sizeof(made) ||
	    !mkdtemp(made)) {
		diag_add(diags, VMAT_ERROR, root, 0, 0, NULL,
			 "cannot make a temporary directory for Chromium: %s", strerror(errno));
		return VMAT_EIO;
	}
	int rc;
	char profile[PATH_MAX + 16];
	if (!realpath(made, tmp) || strlen(tmp) > PATH_MAX - 32) {
		diag_add(diags, VMAT_ERROR, made, 0, 0, NULL, "%s", strerror(errno));
		rc = VMAT_EIO;
	} else if (snprintf(profile, sizeof(profile), "%s/profile", tmp),
		   mkdir(profile, 0700) != 0) {
		diag_add(diags, VMAT_ERROR, profile, 0, 0, NULL, "cannot create: %s",
			 strerror(errno));
		rc = VMAT_EIO;
	} else {
		rc = print_pdf(batch, abs_dir, html, tmp, opt, diags);
	}
	nftw(made, remove_one, 16, FTW_DEPTH | FTW_PHYS);
	return rc;
}
