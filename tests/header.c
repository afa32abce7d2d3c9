/* vmat.h must compile on its own, with nothing included before it. */
#include "vmat.h"

int
main(void)
{
	return VMAT_OK;
}
