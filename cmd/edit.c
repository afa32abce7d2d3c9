/* Reading a line at a terminal with libedit (issue 15, part 2): the only
 * file that includes <histedit.h>. Left and right, Home and End, word moves,
 * deleting mid-line, the earlier lines on the up arrow, and Tab completing
 * the words a caller offers. Used only when standard input and output are
 * both a terminal: libedit stops editing when its output is not one, and
 * passes the bytes of the arrow keys through (doc/decisions.md). */
#include <errno.h>
#include <histedit.h>
#include <langinfo.h>
#include <limits.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include <wchar.h>

#include "cli.h"

struct editor {
	EditLine *el;
	History *hist;
	const char *prompt;
	editor_complete_fn *complete;
	void *ctx;
	volatile sig_atomic_t *stop;
	unsigned short cols, rows;	/* the terminal's size when last seen */
};

static char *
prompt(EditLine *el)
{
	struct editor *ed;
	el_get(el, EL_CLIENTDATA, &ed);
	return (char *)ed->prompt;
}

/* Follows a change of the terminal's size (libedit learns it only from a
 * SIGWINCH handler of its own, which EL_SIGNAL would install along with
 * handlers for SIGINT that signal the whole process group). */
static void
follow_size(struct editor *ed)
{
	struct winsize ws;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 &&
	    (ws.ws_col != ed->cols || ws.ws_row != ed->rows)) {
		if (ed->cols) {
			el_resize(ed->el);
		}
		ed->cols = ws.ws_col;
		ed->rows = ws.ws_row;
	}
}

/* One character from the terminal, as libedit's own reader gives it, but a
 * signal that interrupted read() ends the line: libedit's reader retries
 * after EINTR, so Ctrl-C would wait for the next key. 1, 0 at the end of
 * input, -1 on an error or a signal. */
static int
read_char(EditLine *el, wchar_t *wc)
{
	struct editor *ed;
	char buf[MB_LEN_MAX];
	size_t n = 0;
	el_get(el, EL_CLIENTDATA, &ed);
	follow_size(ed);
	for (;;) {
		if (*ed->stop) {
			return -1;
		}
		ssize_t r = read(STDIN_FILENO, buf + n, 1);
		if (r < 0 && errno == EINTR) {
			continue;
		}
		if (r <= 0) {
			return r == 0 ? 0 : -1;
		}
		n++;
		mbstate_t st = { 0 };
		size_t k = mbrtowc(wc, buf, n, &st);
		if (k == (size_t)-2 && n < sizeof(buf)) {
			continue;	/* more bytes of one character to come */
		}
		if (k == (size_t)-1 || k == (size_t)-2) {
			n = 0;		/* not UTF-8: dropped, as libedit does */
			continue;
		}
		if (k == 0) {
			*wc = 0;
		}
		return 1;
	}
}

/* How many bytes all the words begin with, ASCII case aside, on a UTF-8
 * character boundary. */
static size_t
common_prefix(const char *const *words, size_t count)
{
	size_t n = strlen(words[0]);
	for (size_t k = 1; k < count; k++) {
		size_t i = 0;
		while (i < n && words[k][i] && (words[k][i] == words[0][i] ||
		       ((unsigned char)words[0][i] < 0x80 &&
			strncasecmp(words[k] + i, words[0] + i, 1) == 0))) {
			i++;
		}
		n = i;
	}
	while (n > 0 && ((unsigned char)words[0][n] & 0xC0) == 0x80) {
		n--;
	}
	return n;
}

/* Tab: the word before the cursor completed as far as the words offered
 * agree, in their spelling ("em" gives "EMEA"); when that adds nothing and
 * several words fit, they are listed under the line. */
static unsigned char
on_tab(EditLine *el, int ch)
{
	(void)ch;
	struct editor *ed;
	el_get(el, EL_CLIENTDATA, &ed);
	const LineInfo *li = el_line(el);
	char *typed = strndup(li->buffer, (size_t)(li->cursor - li->buffer));
	size_t start = 0, count = 0;
	const char *const *words = typed && ed->complete ?
		ed->complete(ed->ctx, typed, &start, &count) : NULL;
	unsigned char rc = CC_REFRESH_BEEP;
	if (count) {
		size_t len = strlen(typed + start), common = common_prefix(words, count);
		char *add = strndup(words[0], common);
		if (add && common >= len &&
		    (common > len || strncmp(add, typed + start, len) != 0)) {
			el_deletestr(el, (int)columns(typed + start, len));
			el_insertstr(el, add);
			rc = CC_REFRESH;
		} else if (count > 1) {
			fputc('\n', stdout);
			for (size_t k = 0; k < count; k++) {
				printf("%s%s", k ? "  " : "", words[k]);
			}
			fputc('\n', stdout);
			fflush(stdout);
			rc = CC_REDISPLAY;
		} else {
			rc = CC_REFRESH;
		}
		free(add);
	}
	free(typed);
	return rc;
}

/* Keys that terminals send in more than one way; libedit knows some from
 * terminfo, these are the others (xterm, tmux, the Linux console). */
static const char *const keys[][2] = {
	{ "\033[H", "ed-move-to-beg" },	   { "\033OH", "ed-move-to-beg" },
	{ "\033[1~", "ed-move-to-beg" },   { "\033[7~", "ed-move-to-beg" },
	{ "\033[F", "ed-move-to-end" },	   { "\033OF", "ed-move-to-end" },
	{ "\033[4~", "ed-move-to-end" },   { "\033[8~", "ed-move-to-end" },
	{ "\033[3~", "ed-delete-next-char" },
	{ "\033[1;5D", "ed-prev-word" },   { "\033[1;5C", "em-next-word" },
	{ "\033[1;3D", "ed-prev-word" },   { "\033[1;3C", "em-next-word" },
	{ "\033[5D", "ed-prev-word" },	   { "\033[5C", "em-next-word" },
};

struct editor *
editor_create(volatile sig_atomic_t *stop, editor_complete_fn *complete, void *ctx)
{
	const char *term = getenv("TERM");
	if (!isatty(STDIN_FILENO) || !isatty(STDOUT_FILENO) || !term || !*term ||
	    strcmp(term, "dumb") == 0) {
		return NULL;
	}
	/* libedit reads and shows characters through the locale's encoding;
	 * vmat's text is UTF-8 whatever the locale (reference §2). Only the
	 * character type: numbers stay in the C locale (STYLE 11). */
	if (!setlocale(LC_CTYPE, "") || strcmp(nl_langinfo(CODESET), "UTF-8") != 0) {
		setlocale(LC_CTYPE, "C.UTF-8");
	}
	struct editor *ed = calloc(1, sizeof(*ed));
	if (!ed) {
		return NULL;
	}
	ed->stop = stop;
	ed->complete = complete;
	ed->ctx = ctx;
	ed->prompt = "";
	HistEvent ev;
	if (!(ed->el = el_init("vmat", stdin, stdout, stderr)) || !(ed->hist = history_init())) {
		editor_destroy(ed);
		return NULL;
	}
	history(ed->hist, &ev, H_SETSIZE, 100);
	history(ed->hist, &ev, H_SETUNIQUE, 1);
	el_set(ed->el, EL_CLIENTDATA, ed);
	el_set(ed->el, EL_EDITOR, "emacs");
	el_set(ed->el, EL_PROMPT, prompt);
	el_set(ed->el, EL_HIST, history, ed->hist);
	el_set(ed->el, EL_GETCFN, read_char);
	/* the wide form: el_set() copies the name and help and never frees
	 * them (libedit's eln.c says so), which valgrind reports */
	el_wset(ed->el, EL_ADDFN, L"vmat-complete", L"complete the word", on_tab);
	el_set(ed->el, EL_BIND, "^I", "vmat-complete", NULL);
	for (size_t k = 0; k < sizeof(keys) / sizeof(keys[0]); k++) {
		el_set(ed->el, EL_BIND, keys[k][0], keys[k][1], NULL);
	}
	return ed;
}

void
editor_destroy(struct editor *ed)
{
	if (!ed) {
		return;
	}
	if (ed->hist) {
		history_end(ed->hist);
	}
	if (ed->el) {
		el_end(ed->el);
	}
	free(ed);
}

int
editor_read(struct editor *ed, const char *prompt_text, char *buf, size_t size)
{
	int count;
	HistEvent ev;
	ed->prompt = prompt_text;
	const char *line = el_gets(ed->el, &count);
	if (!line || count <= 0) {
		return -1;
	}
	size_t n = strcspn(line, "\n");
	if (n >= size) {
		n = size - 1;
	}
	memcpy(buf, line, n);
	buf[n] = '\0';
	if (buf[strspn(buf, " \t")]) {
		history(ed->hist, &ev, H_ENTER, buf);
	}
	return 0;
}
