/* The one path by which vmat writes files (see vmat.h "Writing files"). */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "private.h"

struct vmat_out {
	FILE *fp;
	char *dir, *path, *tmp;
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

int
vmat_out_commit(struct vmat_out *o, struct vmat_diags *diags)
{
	errno = 0;
	bool ok = fflush(o->fp) == 0 && !ferror(o->fp) && fsync(fileno(o->fp)) == 0;
	int err = errno ? errno : EIO;
	ok = fclose(o->fp) == 0 && ok;
	o->fp = NULL;
	if (ok && rename(o->tmp, o->path) != 0) {
		ok = false;
		err = errno;
	}
	if (!ok) {
		diag_add(diags, VMAT_ERROR, o->path, 0, 0, NULL, "cannot write: %s", strerror(err));
		vmat_out_abort(o);
		return VMAT_EIO;
	}
	free(o->tmp);
	o->tmp = NULL;
	sync_dir(o->dir);	/* the rename is done; a failed sync loses no data we had */
	vmat_out_abort(o);
	return VMAT_OK;
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
