/* customer.c: the spellings of one customer get one key, and different
 * customers keep different ones. */
#include <string.h>

#include "helpers.h"

static void
assert_key(const char *name, const char *want, bool dropped)
{
	char key[128];
	bool d = customer_key(key, sizeof(key), name);
	if (strcmp(key, want) != 0 || d != dropped) {
		fail_msg("\"%s\": key \"%s\" (form dropped: %d), expected \"%s\" (%d)", name, key, d,
			 want, dropped);
	}
}

static void
test_same_customer(void **state)
{
	(void)state;
	assert_key("Banco del Sur, S.A.", "banco del sur", true);
	assert_key("BANCO DEL SUR SA", "banco del sur", true);
	assert_key("  banco   del sur ", "banco del sur", false);
	assert_key("Constructora Andina Ñuñoa", "constructora andina nunoa", false);
	assert_key("CONSTRUCTORA ANDINA NUÑOA", "constructora andina nunoa", false);
	assert_key("Viña Los Aromos Ltda.", "vina los aromos", true);
	assert_key("Grupo Logístico Azteca, S.A. de C.V.", "grupo logistico azteca", true);
	assert_key("Hoshizora Precision Parts Co., Ltd.", "hoshizora precision parts", true);
	assert_key("Kaveri Weave Mills Pvt Ltd", "kaveri weave mills", true);
	assert_key("Spedycja Mazurska Sp. z o.o.", "spedycja mazurska", true);
	assert_key("Brauerei Falkenau GmbH", "brauerei falkenau", true);
	assert_key("Keystone Ledger Accounting, LLC", "keystone ledger accounting", true);
	assert_key("c/o Mr. O'Brien & Søn", "c o mr obrien son", false);
	assert_key("Straße", "strasse", false);
}

static void
test_different_customers(void **state)
{
	(void)state;
	/* a legal form alone, or a word that only ends like one, stays */
	assert_key("S.A.", "sa", false);
	assert_key("Banco", "banco", false);
	assert_key("Las Vegas Gas", "las vegas gas", false);
	/* other scripts are kept: two names in them stay apart */
	assert_key("東京 Ltd", "東京", true);
	assert_key("大阪", "大阪", false);
	char a[64], b[64];
	customer_key(a, sizeof(a), "Banco del Sur");
	customer_key(b, sizeof(b), "Banco del Norte S.A.");
	assert_string_not_equal(a, b);
	/* joined only through a dropped form: the folds differ */
	customer_fold(a, sizeof(a), "Acme");
	customer_fold(b, sizeof(b), "ACME, Inc.");
	assert_string_equal(a, "acme");
	assert_string_equal(b, "acme inc");
}

/* Beyond Latin-1 (found by tests/history.sh): Latin Extended-A loses its
 * accents, Greek and Cyrillic capitals are lower-cased, typographic
 * apostrophes are dropped like "'", other punctuation and spaces separate. */
static void
test_beyond_latin1(void **state)
{
	(void)state;
	assert_key("Łódź Data Oy", "lodz data", true);
	assert_key("ŁÓDŹ DATA OY", "lodz data", true);
	assert_key("DVOŘÁK STEEL", "dvorak steel", false);
	assert_key("Œuvre İstanbul", "oeuvre istanbul", false);
	assert_key("ΕΛΛΗΝΙΚΗ Τράπεζα", "ελληνικη τράπεζα", false);
	assert_key("МОСКВА Банк", "москва банк", false);
	assert_key("HÀ NỘI Foods", "ha nội foods", false);
	assert_key("O\u2019Connor Foods Ltd", "oconnor foods", true);
	assert_key("Café\u00a0Niño", "cafe nino", false);
	assert_key("«Sol» Ltda", "sol", true);
	assert_key("Foo \u2013 Bar", "foo bar", false);
	assert_key("¡Hola! Bebidas", "hola bebidas", false);
}

/* A key cut short is still UTF-8: a character goes in whole or not at all. */
static void
test_cut_whole(void **state)
{
	(void)state;
	char key[5];
	customer_key(key, sizeof(key), "abcЖd");	/* Ж is two bytes: no room for both */
	assert_string_equal(key, "abc");
	customer_key(key, sizeof(key), "abЖd");
	assert_string_equal(key, "abж");
}

/* A key never overflows its buffer. */
static void
test_short_buffer(void **state)
{
	(void)state;
	char key[6];
	customer_key(key, sizeof(key), "Harbor Point Credit Union");
	assert_string_equal(key, "harbo");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_same_customer),
		cmocka_unit_test(test_different_customers),
		cmocka_unit_test(test_short_buffer),
		cmocka_unit_test(test_beyond_latin1),
		cmocka_unit_test(test_cut_whole),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
