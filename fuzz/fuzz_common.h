/* A survey with every question type, for the targets that read responses. */
#ifndef VMAT_FUZZ_COMMON_H
#define VMAT_FUZZ_COMMON_H

#include <string.h>

#include "private.h"

static const char fuzz_survey_json[] =
	"{\"format\":\"vmat-survey/1\",\"id\":\"f\",\"version\":1,\"title\":\"F\","
	"\"stages\":[{\"id\":\"a\",\"name\":\"A\",\"requires\":{\"c\":1}},"
	"{\"id\":\"b\",\"name\":\"B\",\"requires\":{\"c\":2,\"i\":1}}],"
	"\"dimensions\":[{\"id\":\"c\",\"name\":\"C\"},{\"id\":\"i\",\"name\":\"I\","
	"\"kind\":\"intent\"}],"
	"\"fields\":[{\"id\":\"region\",\"name\":\"R\",\"required\":true,\"values\":[\"NA\",\"EMEA\"]}],"
	"\"questions\":["
	"{\"id\":\"ch\",\"type\":\"choice\",\"dimension\":\"c\",\"text\":\"t\",\"choices\":["
	"{\"id\":\"x\",\"label\":\"X\",\"level\":1},{\"id\":\"y\",\"label\":\"Y\",\"level\":null}]},"
	"{\"id\":\"mu\",\"type\":\"multi\",\"dimension\":\"c\",\"combine\":\"sum\",\"text\":\"t\","
	"\"choices\":[{\"id\":\"p\",\"label\":\"P\",\"level\":1},{\"id\":\"q\",\"label\":\"Q\","
	"\"level\":2}]},"
	"{\"id\":\"yn\",\"type\":\"yesno\",\"text\":\"t\"},"
	"{\"id\":\"sc\",\"type\":\"scale\",\"min\":1,\"max\":5,\"dimension\":\"i\",\"text\":\"t\","
	"\"when\":{\"question\":\"yn\",\"in\":[\"yes\"]}},"
	"{\"id\":\"nu\",\"type\":\"number\",\"dimension\":\"c\",\"text\":\"t\",\"direction\":"
	"\"lower-is-better\",\"thresholds\":[[1,2],[5,1]],\"when\":{\"question\":\"sc\",\"min\":2}},"
	"{\"id\":\"pc\",\"type\":\"percent\",\"dimension\":\"c\",\"text\":\"t\","
	"\"thresholds\":[[0,0],[50,2]]},"
	"{\"id\":\"tx\",\"type\":\"text\",\"text\":\"t\"}]}";

static struct vmat_survey *
fuzz_survey(void)
{
	static struct vmat_survey *s;
	if (!s) {
		vmat_survey_parse(&s, fuzz_survey_json, strlen(fuzz_survey_json), "s.json", NULL);
	}
	return s;
}

#endif
