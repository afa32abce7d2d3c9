/* A directory written whole (issue 18): the new version is written into a
 * sibling directory, `.BASE.new-PID` beside DIR, and takes DIR's place in one
 * step, renameat2(RENAME_EXCHANGE); the old version, now under the sibling's
 * name, is then removed. A crash at any instant leaves the old DIR or the new
 * one, and a sibling that the next run removes (see vmat.h). */
#define _GNU_SOURCE	/* renameat2(), RENAME_EXCHANGE (glibc 2.28) */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <fnmatch.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include "private.h"

struct vmat_outdir {
	char *dir;		/* as the caller named it, for messages */
	char *parent;		/* the directory DIR is in */
	char *base;		/* DIR's name in parent */
	char *path;		/* parent/tmp: where the new version is written */
	char tmp[NAME_MAX + 1];	/* .BASE.new-PID */
	int parentfd;
	int fd;			/* the new version, locked while this run lives */
	bool made;		/* tmp is ours to remove */
	int swap_error;		/* outdir_swap_error() */
	const char *in_place;	/* why path is DIR itself: vmat_outdir_in_place() */
	const char *const *owned;
};

/* The pid in a sibling's name, `.BASE.new-PID` or `.BASE.old-PID` (*old says
 * which); 0 when name is not one of DIR's siblings. */
static long
sibling_pid(const char *name, const char *base, bool *old)
{
	size_t n = strlen(base);
	if (name[0] != '.' || strncmp(name + 1, base, n) != 0) {
		return 0;
	}
	const char *p = name + 1 + n;
	*old = strncmp(p, ".old-", 5) == 0;
	if (!*old && strncmp(p, ".new-", 5) != 0) {
		return 0;
	}
	char *end;
	long pid = strtol(p + 5, &end, 10);
	return p[5] >= '1' && p[5] <= '9' && !*end ? pid : 0;
}

/* Removes name (in at) and all below it, without following links. */
static int
remove_tree(int at, const char *name)
{
	struct stat st;
	if (fstatat(at, name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
		return errno == ENOENT ? 0 : -1;
	}
	if (!S_ISDIR(st.st_mode)) {
		return unlinkat(at, name, 0);
	}
	if ((st.st_mode & S_IRWXU) != S_IRWXU) {
		/* a directory the user made read-only, in the old version */
		fchmodat(at, name, (st.st_mode & 07777) | S_IRWXU, 0);
	}
	DIR *d = dir_open_at(at, name);
	if (!d) {
		return -1;
	}
	int rc = 0;
	for (struct dirent *e; (e = readdir(d));) {
		if (strcmp(e->d_name, ".") != 0 && strcmp(e->d_name, "..") != 0 &&
		    remove_tree(dirfd(d), e->d_name) != 0) {
			rc = -1;
		}
	}
	closedir(d);
	return rc == 0 ? unlinkat(at, name, AT_REMOVEDIR) : rc;
}

/* Whether another live run holds the sibling: its pid is alive, or (a run in
 * another pid namespace, on the same machine) it holds the sibling's lock.
 * On false, *fd holds the lock for the caller (or is -1). */
static bool
sibling_held(int parentfd, const char *name, long pid, int *fd)
{
	*fd = -1;
	if (!run_dead(pid)) {
		return true;
	}
	*fd = openat(parentfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	if (*fd >= 0 && flock(*fd, LOCK_EX | LOCK_NB) != 0) {
		close(*fd);
		*fd = -1;
		return true;
	}
	return false;
}

/* What dead runs left beside DIR: a new version never swapped in, an old one
 * not yet removed; and, when a run without RENAME_EXCHANGE died between its
 * two renames, DIR missing and its old version at `.BASE.old-PID`, which is
 * put back. */
static void
clean_siblings(struct vmat_outdir *d)
{
	DIR *dir = dir_open_at(d->parentfd, ".");
	if (!dir) {
		return;	/* mkdirat() reports the problem */
	}
	for (struct dirent *e; (e = readdir(dir));) {
		bool old;
		long pid = sibling_pid(e->d_name, d->base, &old);
		int lock;
		if (pid <= 0 || sibling_held(d->parentfd, e->d_name, pid, &lock)) {
			continue;
		}
		struct stat st;
		if (!old || fstatat(d->parentfd, d->base, &st, AT_SYMLINK_NOFOLLOW) == 0 ||
		    renameat(d->parentfd, e->d_name, d->parentfd, d->base) != 0) {
			remove_tree(d->parentfd, e->d_name);
		}
		if (lock >= 0) {
			close(lock);
		}
	}
	closedir(dir);
}

/* parent and base of dir. A link to a directory is followed, so that the link
 * keeps pointing at the report; so are `.` and `..`, which cannot be renamed. */
static int
split_dir(struct vmat_outdir *d, struct vmat_diags *diags)
{
	size_t n = strlen(d->dir);
	while (n > 1 && d->dir[n - 1] == '/') {
		n--;
	}
	char *path = strndup(d->dir, n);
	if (!path) {
		return VMAT_ENOMEM;
	}
	char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	struct stat st;
	if (strcmp(base, ".") == 0 || strcmp(base, "..") == 0 || strcmp(path, "/") == 0 ||
	    (lstat(path, &st) == 0 && S_ISLNK(st.st_mode))) {
		char *real = realpath(path, NULL);
		free(path);
		if (!real) {
			diag_add(diags, VMAT_ERROR, d->dir, 0, 0, NULL, "%s", strerror(errno));
			return VMAT_EIO;
		}
		path = real;
		slash = strrchr(path, '/');
		if (slash[1] == '\0') {
			diag_add(diags, VMAT_ERROR, d->dir, 0, 0, NULL, "the root directory "
				 "cannot be replaced; choose a directory in it");
			free(path);
			return VMAT_EIO;
		}
	}
	d->base = strdup(slash ? slash + 1 : path);
	if (slash) {
		slash[slash == path] = '\0';	/* "/x": the parent is "/" */
		d->parent = path;
	} else {
		free(path);
		d->parent = strdup(".");
	}
	return d->base && d->parent ? VMAT_OK : VMAT_ENOMEM;
}

/* Makes the sibling d->path and locks it (the lock tells a run in another
 * pid namespace that this one lives); st: DIR's, NULL when it does not exist.
 * A mount point (a container's volume) cannot be renamed, and DIR may be the
 * user's to write in a directory that is not (one an administrator made for
 * them): rather than fail, d->path is then DIR itself, each file replaced in
 * turn. VMAT_OK or VMAT_EIO (reported). */
static int
make_sibling(struct vmat_outdir *d, const struct stat *st, struct vmat_diags *diags)
{
	struct stat parent;
	bool mount = st && fstat(d->parentfd, &parent) == 0 && parent.st_dev != st->st_dev;
	d->made = !mount && mkdirat(d->parentfd, d->tmp, 0777) == 0;
	int err = errno;
	if (mount) {
		d->in_place = "a mount point";
	} else if (!d->made && st && (err == EACCES || err == EPERM)) {
		/* DIR itself can be written: refused() */
		d->in_place = "the directory it is in cannot be written";
	}
	if (d->in_place) {
		sprintf(d->path, "%s/%s", d->parent, d->base);	/* shorter than the sibling's */
		out_clean(d->path);
		return VMAT_OK;
	}
	errno = err;
	if (d->made && (d->fd = openat(d->parentfd, d->tmp, O_RDONLY | O_DIRECTORY |
				       O_CLOEXEC)) >= 0 && flock(d->fd, LOCK_EX | LOCK_NB) == 0) {
		return VMAT_OK;
	}
	/* named as the user knows it; the sibling only when DIR exists */
	if (st) {
		diag_add(diags, VMAT_ERROR, d->dir, 0, 0, NULL, "cannot create its new version "
			 "beside it, %s: %s", d->tmp, strerror(errno));
	} else {
		diag_add(diags, VMAT_ERROR, d->dir, 0, 0, NULL, "cannot create: %s", strerror(errno));
	}
	return VMAT_EIO;
}

/* Whether an existing DIR (st) cannot be replaced (reported). */
static bool
refused(const struct vmat_outdir *d, const struct stat *st, struct vmat_diags *diags)
{
	struct stat cwd;
	const char *why = NULL;
	if (!S_ISDIR(st->st_mode)) {
		why = "not a directory";
	} else if (stat(".", &cwd) == 0 && cwd.st_dev == st->st_dev && cwd.st_ino == st->st_ino) {
		/* whoever ran us would be left in the old version, removed */
		why = "is the current directory; it is replaced whole, so run vmat from "
		      "outside it";
	} else if (faccessat(d->parentfd, d->base, W_OK | X_OK, AT_EACCESS) != 0) {
		/* a DIR the user may not write is not replaced, as it was not
		 * written into before issue 18, though its parent allows it */
		why = strerror(errno);
	}
	if (why) {
		diag_add(diags, VMAT_ERROR, d->dir, 0, 0, NULL, "%s", why);
	}
	return why != NULL;
}

int
vmat_outdir_open(struct vmat_outdir **out, const char *dir, const char *const *owned,
		 struct vmat_diags *diags)
{
	*out = NULL;
	struct vmat_outdir *d = calloc(1, sizeof(*d));
	if (!d) {
		return VMAT_ENOMEM;
	}
	d->parentfd = d->fd = -1;
	d->owned = owned;
	d->dir = strdup(dir);
	int rc = d->dir ? split_dir(d, diags) : VMAT_ENOMEM;
	if (rc != VMAT_OK) {
		vmat_outdir_abort(d);
		return rc;
	}
	d->parentfd = open(d->parent, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (d->parentfd < 0) {
		diag_add(diags, VMAT_ERROR, d->dir, 0, 0, NULL, "cannot create: %s",
			 strerror(errno));
		vmat_outdir_abort(d);
		return VMAT_EIO;
	}
	clean_siblings(d);
	struct stat st;
	bool exists = fstatat(d->parentfd, d->base, &st, 0) == 0;
	if (exists && refused(d, &st, diags)) {
		vmat_outdir_abort(d);
		return VMAT_EIO;
	}
	if (snprintf(d->tmp, sizeof(d->tmp), ".%s.new-%ld", d->base, (long)getpid()) >=
	    (int)sizeof(d->tmp)) {
		diag_add(diags, VMAT_ERROR, d->dir, 0, 0, NULL,
			 "name too long for the new version's name beside it");
		vmat_outdir_abort(d);
		return VMAT_EIO;
	}
	size_t size = strlen(d->parent) + sizeof(d->tmp) + 2;
	d->path = malloc(size);
	if (!d->path) {
		vmat_outdir_abort(d);
		return VMAT_ENOMEM;
	}
	snprintf(d->path, size, "%s/%s", d->parent, d->tmp);
	rc = make_sibling(d, exists ? &st : NULL, diags);
	if (rc != VMAT_OK) {
		vmat_outdir_abort(d);
		return rc;
	}
	*out = d;
	return VMAT_OK;
}

const char *
vmat_outdir_path(const struct vmat_outdir *d)
{
	return d->path;
}

const char *
vmat_outdir_in_place(const struct vmat_outdir *d)
{
	return d->in_place;
}

static bool
owned(const struct vmat_outdir *d, const char *rel)
{
	for (const char *const *p = d->owned; p && *p; p++) {
		if (fnmatch(*p, rel, FNM_PATHNAME) == 0) {
			return true;
		}
	}
	return false;
}

/* Reports that rel (a path in DIR) could not be carried over; returns -1. */
static long
carry_failed(const struct vmat_outdir *d, const char *rel, struct vmat_diags *diags)
{
	int err = errno;
	char path[PATH_MAX + 256];
	snprintf(path, sizeof(path), "%s%s%s", d->dir, rel[0] ? "/" : "", rel);
	diag_add(diags, VMAT_ERROR, path, 0, 0, NULL, "cannot carry over to the new directory: %s",
		 strerror(err));
	return -1;
}

static long carry(const struct vmat_outdir *d, int from, int to, const char *rel,
		  struct vmat_diags *diags);

/* A directory the user put in DIR (rel) is made anew in `to` and carried
 * into; removed again when all it held was vmat's (an empty one stays).
 * Returns 1, or -1 (reported). */
static long
carry_dir(const struct vmat_outdir *d, int from, int to, const char *name, const char *rel,
	  mode_t mode, struct vmat_diags *diags)
{
	bool made = mkdirat(to, name, 0700) == 0;	/* its mode once filled */
	if (!made && errno != EEXIST) {
		return carry_failed(d, rel, diags);
	}
	int sub_from = openat(from, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	int sub_to = sub_from >= 0 ? openat(to, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
					    O_CLOEXEC) : -1;
	long n = -1;
	if (sub_to < 0) {
		carry_failed(d, rel, diags);
	} else {
		char sub[PATH_MAX + 1];	/* rel is shorter than PATH_MAX: carry() */
		snprintf(sub, sizeof(sub), "%s/", rel);
		n = carry(d, sub_from, sub_to, sub, diags);
	}
	if (made && n > 0) {
		fchmod(sub_to, mode & 07777);
	}
	if (sub_from >= 0) {
		close(sub_from);
	}
	if (sub_to >= 0) {
		close(sub_to);
	}
	if (n == 0 && made) {
		unlinkat(to, name, AT_REMOVEDIR);
	}
	return n < 0 ? -1 : 1;
}

/* Hard-links into `to` what the user put in `from` (the old DIR, or a
 * directory in it; rel is its path in DIR, "" or ending in '/'): every entry
 * but vmat's own (d->owned) and a dead run's temporary files. Returns the
 * number of entries carried (an empty directory counts as one), or -1
 * (reported). */
static long
carry(const struct vmat_outdir *d, int from, int to, const char *rel, struct vmat_diags *diags)
{
	DIR *dir = dir_open_at(from, ".");	/* its own position: not from's */
	if (!dir) {
		return carry_failed(d, rel, diags);
	}
	long carried = 0;
	bool empty = true;
	for (struct dirent *e; carried >= 0 && (e = readdir(dir));) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
			continue;
		}
		empty = false;
		char path[PATH_MAX];
		struct stat st;
		if (snprintf(path, sizeof(path), "%s%s", rel, e->d_name) >= (int)sizeof(path)) {
			errno = ENAMETOOLONG;
			carried = carry_failed(d, rel, diags);
		} else if (owned(d, path) || out_dead_leftover(e->d_name)) {
			continue;
		} else if (fstatat(from, e->d_name, &st, AT_SYMLINK_NOFOLLOW) != 0) {
			carried = errno == ENOENT ? carried : carry_failed(d, path, diags);
		} else if (S_ISDIR(st.st_mode)) {
			carried = carry_dir(d, from, to, e->d_name, path, st.st_mode, diags) < 0
				  ? -1 : carried + 1;
		} else if (linkat(from, e->d_name, to, e->d_name, 0) == 0) {
			carried++;	/* a link is linked itself, not followed */
		} else {
			carried = carry_failed(d, path, diags);
		}
	}
	closedir(dir);
	return carried < 0 ? -1 : carried + (empty && rel[0]);
}

/* A directory the user gave another group or other permissions (shared
 * with a group, private) keeps them; a new one has the umask's. As far as
 * the user may: a failure leaves the umask's. */
static void
keep_mode(int fd, int old)
{
	struct stat st;
	if (fstat(old, &st) == 0) {
		/* the group first: fchown() clears the set-group-ID bit */
		(void)!fchown(fd, (uid_t)-1, st.st_gid);
		fchmod(fd, st.st_mode & 07777);
	}
}

static void
sync_fd(int fd)
{
	fsync(fd);	/* a failed sync loses no data we had: the names are there */
}

/* Without RENAME_EXCHANGE (a kernel before 3.15; NFS, some FUSE file
 * systems): two renames. Between them DIR is missing for an instant; a run
 * that dies there leaves the old version at .BASE.old-PID, and the next run
 * puts it back. The old version ends under the sibling's name. */
static int
swap_by_two(struct vmat_outdir *d)
{
	char old_name[NAME_MAX + 1];
	snprintf(old_name, sizeof(old_name), ".%s.old-%ld", d->base, (long)getpid());
	if (renameat(d->parentfd, d->base, d->parentfd, old_name) != 0) {
		return -1;
	}
	if (renameat(d->parentfd, d->tmp, d->parentfd, d->base) != 0) {
		int err = errno;
		renameat(d->parentfd, old_name, d->parentfd, d->base);
		errno = err;
		return -1;
	}
	renameat(d->parentfd, old_name, d->parentfd, d->tmp);
	return 0;
}

/* A DIR that cannot be renamed whole (EXDEV: a directory of a lower layer
 * of overlayfs; EBUSY): each entry of from is renamed into to in turn,
 * replacing what is there, and into a directory of the same name that is
 * there: the way before issue 18. What is left in from is removed with it.
 * 0, or -1 with errno. */
static int
move_in(int from, int to)
{
	DIR *dir = dir_open_at(from, ".");
	if (!dir) {
		return -1;
	}
	int rc = 0;
	for (struct dirent *e; rc == 0 && (e = readdir(dir));) {
		struct stat a, b;
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0) {
			continue;
		}
		if (fstatat(from, e->d_name, &a, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(a.st_mode) &&
		    fstatat(to, e->d_name, &b, AT_SYMLINK_NOFOLLOW) == 0 && S_ISDIR(b.st_mode)) {
			int sub_from = openat(from, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
					      O_CLOEXEC);
			int sub_to = openat(to, e->d_name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW |
					    O_CLOEXEC);
			rc = sub_from >= 0 && sub_to >= 0 ? move_in(sub_from, sub_to) : -1;
			int err = errno;
			close(sub_from);
			close(sub_to);
			errno = err;
		} else {
			/* a link of the same file (carried over) is left as it is */
			rc = renameat(from, e->d_name, to, e->d_name);
		}
	}
	int err = errno;
	closedir(dir);
	fsync(to);
	errno = err;
	return rc;
}

/* The new version takes DIR's place (old: DIR, -1 when there is none); the
 * old version, or what is left of the new one, ends under the sibling's
 * name, to be removed. */
static int
swap(struct vmat_outdir *d, int old, struct vmat_diags *diags)
{
	if (old < 0) {
		/* Rename replaces an empty directory made meanwhile, and fails
		 * on one that holds anything: nothing is lost. */
		if (renameat(d->parentfd, d->tmp, d->parentfd, d->base) == 0) {
			return VMAT_OK;
		}
	} else if (!d->swap_error &&
		   renameat2(d->parentfd, d->tmp, d->parentfd, d->base, RENAME_EXCHANGE) == 0) {
		return VMAT_OK;
	} else {
		int err = d->swap_error ? d->swap_error : errno;
		errno = err;
		if ((err == ENOSYS || err == EINVAL || err == EOPNOTSUPP) && swap_by_two(d) == 0) {
			return VMAT_OK;
		}
		if ((err == EXDEV || err == EBUSY) && move_in(d->fd, old) == 0) {
			diag_add(diags, VMAT_WARNING, d->dir, 0, 0, NULL, "cannot be renamed (%s); "
				 "its files were replaced one by one, not all in one step",
				 strerror(err));
			return VMAT_OK;
		}
	}
	diag_add(diags, VMAT_ERROR, d->dir, 0, 0, NULL, "cannot replace: %s", strerror(errno));
	return VMAT_EIO;
}

void
outdir_swap_error(struct vmat_outdir *d, int err)
{
	d->swap_error = err;
}

int
vmat_outdir_commit(struct vmat_outdir *d, struct vmat_diags *diags)
{
	if (d->in_place) {
		vmat_outdir_abort(d);	/* the batch's renames were the commit */
		return VMAT_OK;
	}
	int old = openat(d->parentfd, d->base, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
	int rc = old < 0 && errno != ENOENT ? VMAT_EIO : VMAT_OK;
	if (rc != VMAT_OK) {
		diag_add(diags, VMAT_ERROR, d->dir, 0, 0, NULL, "%s", strerror(errno));
	} else if (old >= 0 && carry(d, old, d->fd, "", diags) < 0) {
		rc = VMAT_EIO;
	} else if (old >= 0) {
		keep_mode(d->fd, old);
	}
	if (rc == VMAT_OK) {
		sync_fd(d->fd);
		rc = swap(d, old, diags);
	}
	if (old >= 0) {
		close(old);
	}
	if (rc == VMAT_OK) {
		sync_fd(d->parentfd);
		/* The old version, now under the sibling's name; when this
		 * fails, the next run removes the rest. */
		remove_tree(d->parentfd, d->tmp);
		d->made = false;
	}
	vmat_outdir_abort(d);
	return rc;
}

void
vmat_outdir_abort(struct vmat_outdir *d)
{
	if (!d) {
		return;
	}
	if (d->made) {
		remove_tree(d->parentfd, d->tmp);
	}
	if (d->fd >= 0) {
		close(d->fd);	/* releases the lock */
	}
	if (d->parentfd >= 0) {
		close(d->parentfd);
	}
	free(d->dir);
	free(d->parent);
	free(d->base);
	free(d->path);
	free(d);
}
