#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "private.h"

/* What a UTF-16 or UTF-32 file starts with; checked before the UTF-8 test so
 * that the message says what the file is rather than "invalid UTF-8". */
const char *
wide_encoding(const unsigned char *s, size_t len)
{
	if (len >= 4 && ((s[0] == 0xFF && s[1] == 0xFE && !s[2] && !s[3]) ||
			 (!s[0] && !s[1] && s[2] == 0xFE && s[3] == 0xFF))) {
		return "UTF-32";
	}
	if (len >= 2 && ((s[0] == 0xFF && s[1] == 0xFE) || (s[0] == 0xFE && s[1] == 0xFF))) {
		return "UTF-16";
	}
	/* Issue 18 §5: without a BOM, the first characters (a header, a "{")
	 * are ASCII, so every other byte is NUL, which UTF-8 text never has. */
	size_t n = len < 64 ? len & ~(size_t)3 : 64;
	bool odd = n >= 4, even = n >= 4, quad = n >= 8, quadbe = n >= 8;
	for (size_t i = 0; i < n; i += 2) {
		odd = odd && s[i] && !s[i + 1];
		even = even && !s[i] && s[i + 1];
		quad = quad && (i % 4 ? !s[i] && !s[i + 1] : s[i] && !s[i + 1]);
		quadbe = quadbe && (i % 4 ? !s[i] && s[i + 1] : !s[i] && !s[i + 1]);
	}
	if (quad || quadbe) {
		return quad ? "UTF-32 (little-endian, without a byte order mark)"
			    : "UTF-32 (big-endian, without a byte order mark)";
	}
	if (odd || even) {
		return odd ? "UTF-16 (little-endian, without a byte order mark)"
			   : "UTF-16 (big-endian, without a byte order mark)";
	}
	return NULL;
}

int
text_check(struct file_text *ft, const char *buf, size_t len, const char *name,
	   struct vmat_diags *diags)
{
	ft->data = NULL;
	ft->len = 0;
	const char *wide = wide_encoding((const unsigned char *)buf, len);
	if (wide) {
		diag_add(diags, VMAT_ERROR, name, 0, 0, NULL,
			 "the file is encoded in %s; save it as UTF-8", wide);
		return VMAT_EINVAL;
	}
	if (len >= 3 && memcmp(buf, "\xEF\xBB\xBF", 3) == 0) {
		buf += 3;
		len -= 3;
	}
	size_t bad = utf8_check(buf, len);
	if (bad < len) {
		long line, col;
		text_position(buf, bad, &line, &col);
		if (buf[bad] == '\0') {
			diag_add(diags, VMAT_ERROR, name, line, col, NULL, "NUL byte in text");
		} else {
			diag_add(diags, VMAT_ERROR, name, line, col, NULL,
				 "invalid UTF-8 (byte 0x%02x)", (unsigned char)buf[bad]);
		}
		return VMAT_EINVAL;
	}
	ft->data = malloc(len + 1);
	if (!ft->data) {
		return VMAT_ENOMEM;
	}
	memcpy(ft->data, buf, len);
	ft->data[len] = '\0';
	ft->len = len;
	return VMAT_OK;
}

int
file_read(struct file_text *ft, const char *path, size_t cap, struct vmat_diags *diags)
{
	ft->data = NULL;
	ft->len = 0;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0) {
		diag_add(diags, VMAT_ERROR, path, 0, 0, NULL, "%s", strerror(errno));
		return VMAT_EIO;
	}
	struct stat st;
	int rc = VMAT_EIO;
	char *buf = NULL;
	if (fstat(fd, &st) != 0) {
		diag_add(diags, VMAT_ERROR, path, 0, 0, NULL, "%s", strerror(errno));
		goto out_close;
	}
	if (S_ISDIR(st.st_mode)) {
		diag_add(diags, VMAT_ERROR, path, 0, 0, NULL, "is a directory");
		goto out_close;
	}
	if (!S_ISREG(st.st_mode)) {
		diag_add(diags, VMAT_ERROR, path, 0, 0, NULL, "not a regular file");
		goto out_close;
	}
	if ((uint64_t)st.st_size > cap) {
		diag_add(diags, VMAT_ERROR, path, 0, 0, NULL,
			 "file too large (%lld bytes; the limit is %zu)", (long long)st.st_size, cap);
		rc = VMAT_EINVAL;
		goto out_close;
	}
	/* One byte more than the size, to notice a file that grew meanwhile. */
	size_t size = (size_t)st.st_size, len = 0;
	buf = malloc(size + 1);
	if (!buf) {
		rc = VMAT_ENOMEM;
		goto out_close;
	}
	for (;;) {
		ssize_t n = read(fd, buf + len, size + 1 - len);
		if (n < 0 && errno == EINTR) {
			continue;
		}
		if (n < 0) {
			diag_add(diags, VMAT_ERROR, path, 0, 0, NULL, "%s", strerror(errno));
			goto out_free;
		}
		if (n == 0) {
			break;
		}
		len += (size_t)n;
		if (len > size) {
			diag_add(diags, VMAT_ERROR, path, 0, 0, NULL, "file changed while being read");
			goto out_free;
		}
	}
	rc = text_check(ft, buf, len, path, diags);
out_free:
	free(buf);
out_close:
	close(fd);
	return rc;
}
