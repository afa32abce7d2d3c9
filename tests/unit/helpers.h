/* Shared by the unit tests. cmocka wants these headers before its own. */
#ifndef VMAT_TEST_HELPERS_H
#define VMAT_TEST_HELPERS_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <cmocka.h>

#include "private.h"

/* Parses a survey from text; fails the test, printing the diagnostics,
 * unless it is valid. Free with vmat_survey_destroy(). */
struct vmat_survey *survey_ok(const char *json);

/* Parses a survey that must be invalid; returns every diagnostic, one line
 * each as `vmat check` prints them, file name "s.json". Free with free(). */
char *survey_problems(const char *json);

/* All diagnostics of d as printed lines (malloc'd), and empties d. */
char *diags_text(struct vmat_diags *d);

/* Reads one response (JSON text) against s. On success returns it (valid
 * until the next call or response_done()); otherwise NULL, with the
 * diagnostics in *problems (malloc'd) when problems is not NULL. */
const struct vmat_response *response_json(const struct vmat_survey *s, const char *json,
					  char **problems);
void response_done(void);

/* Removes the directory tree at dir, as rm -rf does; 0 or -1. */
int remove_tree(const char *dir);

/* Asserts |a - b| < 1e-9, or both NaN (cmocka 1.1.5 compares floats only). */
#define assert_near(a, b) assert_near_impl((a), (b), __FILE__, __LINE__)
void assert_near_impl(double a, double b, const char *file, int line);

#endif
