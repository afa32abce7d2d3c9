/* The one path by which vmat writes files (see vmat.h "Writing files"). */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "private.h"

struct vmat_out {
	FILE *fp;
	char *dir, *path, *tmp;
	bool keep_existing;
};

int
vmat_out_open(struct vmat_out **out, const char *dir, const char *name, struct vmat_diags *diags)
{
	*out = NULL;
	struct vmat_out *o = calloc(1, sizeof(*o));
	if (!o) {
		return VMAT_ENOMEM;
	}
	size_t n = strlen(dir) + strlen(name) + 48;
	o->dir = strdup(dir);
	o->path = malloc(n);
	o->tmp = malloc(n);
	if (!o->dir || !o->path || !o->tmp) {
		vmat_out_abort(o);
		return VMAT_ENOMEM;
	}
	snprintf(o->path, n, "%s/%s", dir, name);
	/* Not mkstemp: its files are 0600, and a report should be as readable
	 * as any file the user creates (umask applies with open). */
	int fd = -1;
	for (unsigned k = 0; fd < 0 && k < 1000; k++) {
		snprintf(o->tmp, n, "%s/.%s.tmp-%ld-%u", dir, name, (long)getpid(), k);
		fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666);
		if (fd < 0 && errno != EEXIST) {
			break;
		}
	}
	if (fd < 0) {
		diag_add(diags, VMAT_ERROR, o->path, 0, 0, NULL, "cannot create: %s", strerror(errno));
		free(o->tmp);
		o->tmp = NULL;
		vmat_out_abort(o);
		return VMAT_EIO;
	}
	o->fp = fdopen(fd, "w");
	if (!o->fp) {
		close(fd);
		vmat_out_abort(o);
		return VMAT_ENOMEM;
	}
	*out = o;
	return VMAT_OK;
}

FILE *
vmat_out_file(struct vmat_out *o)
{
	return o->fp;
}

static int
sync_dir(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0) {
		return -1;
	}
	int rc = fsync(fd);
	close(fd);
	return rc;
}

/* Phase 1 of a commit: the data is on disk under the temporary name. */
static bool
out_sync(struct vmat_out *o, struct vmat_diags *diags)
{
	errno = 0;
	bool ok = fflush(o->fp) == 0 && !ferror(o->fp) && fsync(fileno(o->fp)) == 0;
	int err = errno ? errno : EIO;
	if (fclose(o->fp) != 0 && ok) {
		ok = false;
		err = errno;
	}
	o->fp = NULL;
	if (!ok) {
		diag_add(diags, VMAT_ERROR, o->path, 0, 0, NULL, "cannot write: %s", strerror(err));
	}
	return ok;
}

/* Phase 2: the file takes its name. */
static bool
out_rename(struct vmat_out *o, struct vmat_diags *diags)
{
	/* link() fails when the name exists, where rename() would replace it. */
	if (o->keep_existing && link(o->tmp, o->path) == 0) {
		unlink(o->tmp);
	} else if (o->keep_existing) {
		diag_add(diags, VMAT_ERROR, o->path, 0, 0, NULL, errno == EEXIST
			 ? "already exists; not replaced" : "cannot write: %s", strerror(errno));
		return false;
	} else if (rename(o->tmp, o->path) != 0) {
		diag_add(diags, VMAT_ERROR, o->path, 0, 0, NULL, "cannot write: %s",
			 strerror(errno));
		return false;
	}
	free(o->tmp);
	o->tmp = NULL;
	sync_dir(o->dir);	/* the rename is done; a failed sync loses no data we had */
	return true;
}

int
vmat_out_commit(struct vmat_out *o, struct vmat_diags *diags)
{
	bool ok = out_sync(o, diags) && out_rename(o, diags);
	vmat_out_abort(o);
	return ok ? VMAT_OK : VMAT_EIO;
}

void
vmat_out_abort(struct vmat_out *o)
{
	if (!o) {
		return;
	}
	if (o->fp) {
		fclose(o->fp);
	}
	if (o->tmp) {
		unlink(o->tmp);
	}
	free(o->dir);
	free(o->path);
	free(o->tmp);
	free(o);
}

void
vmat_out_keep_existing(struct vmat_out *o)
{
	o->keep_existing = true;
}

const char *
vmat_out_tmp_path(const struct vmat_out *o)
{
	return o->tmp;
}

/* The pid in `.NAME.tmp-PID-K`, the name vmat_out_open() gives a temporary
 * file; 0 when name is not one. */
static long
tmp_pid(const char *name)
{
	const char *at = NULL;
	for (const char *p = strstr(name, ".tmp-"); p; p = strstr(p + 1, ".tmp-")) {
		at = p;		/* the last one: NAME may hold ".tmp-" */
	}
	if (name[0] != '.' || !at || at == name) {
		return 0;
	}
	char *end;
	long pid = strtol(at + 5, &end, 10);
	if (pid <= 0 || *end != '-' || end[1] < '0' || end[1] > '9') {
		return 0;
	}
	strtoul(end + 1, &end, 10);
	return *end ? 0 : pid;
}

bool
run_dead(long pid)
{
	/* Our own pid on a name we have not made yet was a dead run's, whose pid
	 * came round again. EPERM: alive, another user's. */
	return pid == (long)getpid() || (kill((pid_t)pid, 0) != 0 && errno == ESRCH);
}

bool
out_dead_leftover(const char *name)
{
	long pid = tmp_pid(name);
	return pid > 0 && run_dead(pid);
}

DIR *
dir_open_at(int dirfd, const char *name)
{
	int fd = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d && fd >= 0) {
		int err = errno;
		close(fd);
		errno = err;
	}
	return d;
}

void
out_clean(const char *dir)
{
	DIR *d = dir_open_at(AT_FDCWD, dir);
	if (!d) {
		return;	/* whoever writes there next reports the problem */
	}
	for (struct dirent *e; (e = readdir(d));) {
		if (out_dead_leftover(e->d_name)) {
			unlinkat(dirfd(d), e->d_name, 0);
		}
	}
	closedir(d);
}

struct vmat_batch {
	struct vmat_out **outs;
	size_t n, cap;
};

int
vmat_batch_create(struct vmat_batch **out)
{
	*out = calloc(1, sizeof(**out));
	return *out ? VMAT_OK : VMAT_ENOMEM;
}

struct vmat_out *
vmat_batch_add(struct vmat_batch *b, const char *dir, const char *name, struct vmat_diags *diags)
{
	if (b->n == b->cap) {
		size_t cap = b->cap ? b->cap * 2 : 16;
		struct vmat_out **outs = realloc(b->outs, cap * sizeof(*outs));
		if (!outs) {
			return NULL;
		}
		b->outs = outs;
		b->cap = cap;
	}
	struct vmat_out *o;
	if (vmat_out_open(&o, dir, name, diags) != VMAT_OK) {
		return NULL;
	}
	b->outs[b->n++] = o;
	return o;
}

int
out_park(struct vmat_out *o, struct vmat_diags *diags)
{
	return !o->fp || out_sync(o, diags) ? VMAT_OK : VMAT_EIO;
}

int
vmat_batch_commit(struct vmat_batch *b, struct vmat_diags *diags)
{
	bool ok = true;
	for (size_t i = 0; i < b->n && ok; i++) {
		ok = out_park(b->outs[i], diags) == VMAT_OK;
	}
	/* Only renames are left, which fail only when the directory itself is
	 * taken away; a disk that fills up fails in the loop above. */
	for (size_t i = 0; i < b->n && ok; i++) {
		ok = out_rename(b->outs[i], diags);
	}
	vmat_batch_abort(b);
	return ok ? VMAT_OK : VMAT_EIO;
}

void
vmat_batch_drop(struct vmat_batch *b, struct vmat_out *o)
{
	for (size_t i = 0; i < b->n; i++) {
		if (b->outs[i] == o) {
			vmat_out_abort(o);
			b->outs[i] = b->outs[--b->n];
			return;
		}
	}
}

void
vmat_batch_abort(struct vmat_batch *b)
{
	if (!b) {
		return;
	}
	for (size_t i = 0; i < b->n; i++) {
		vmat_out_abort(b->outs[i]);
	}
	free(b->outs);
	free(b);
}

int
mem_out_open(struct mem_out *m)
{
	*m = (struct mem_out){ 0 };
	m->fp = open_memstream(&m->buf, &m->len);
	return m->fp ? VMAT_OK : VMAT_ENOMEM;
}

int
mem_out_move(struct mem_out *m, FILE *to)
{
	if (fflush(m->fp) != 0) {
		return VMAT_ENOMEM;
	}
	int rc = m->len && fwrite(m->buf, 1, m->len, to) != m->len ? VMAT_EIO : VMAT_OK;
	rewind(m->fp);
	return rc;
}

void
mem_out_close(struct mem_out *m)
{
	if (m->fp) {
		fclose(m->fp);
	}
	free(m->buf);
	*m = (struct mem_out){ 0 };
}
