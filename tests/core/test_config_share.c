/*
 * test_config_share: [kiosk] knowledge_before_share, the share of visits whose knowledge
 * check comes before the scenario: one in three by default, written as a fraction, a
 * decimal or a percentage; anything else is an error at its line that keeps the default.
 */
#include <string.h>

#include "wz_config.h"
#include "wz_test.h"

static double share_of(const char *text, int *errors)
{
    wz_config cfg;
    wz_diags d;
    wz_config_defaults(&cfg);
    wz_diags_init(&d);
    wz_config_load_string(&cfg, text, strlen(text), "kiosk.ini", &d);
    double x = -1;
    WZ_CHECK(wz_config_share(cfg.knowledge_before_share, &x) == 0);
    *errors = d.errors;
    if (d.errors) WZ_CHECK(d.items[0].line == 2);
    wz_diags_free(&d);
    wz_config_free(&cfg);
    return x;
}

int main(void)
{
    int e = 0;
    WZ_TEST("default: one visit in three");
    WZ_CHECK(share_of("[kiosk]\n", &e) == 1.0 / 3.0 && e == 0);
    WZ_TEST("a fraction, a decimal, a percentage, never, always");
    WZ_CHECK(share_of("[kiosk]\nknowledge_before_share = 1/4\n", &e) == 0.25 && e == 0);
    WZ_CHECK(share_of("[kiosk]\nknowledge_before_share = 0.5\n", &e) == 0.5 && e == 0);
    WZ_CHECK(share_of("[kiosk]\nknowledge_before_share = 40%\n", &e) == 0.4 && e == 0);
    WZ_CHECK(share_of("[kiosk]\nknowledge_before_share = 0\n", &e) == 0 && e == 0);
    WZ_CHECK(share_of("[kiosk]\nknowledge_before_share = 1\n", &e) == 1 && e == 0);
    WZ_TEST("not a share: an error on its line, the default kept");
    const char *bad[] = {"3/2", "1/0", "-0.1", "half", "150%", "0.3x"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char text[128];
        snprintf(text, sizeof text, "[kiosk]\nknowledge_before_share = %s\n", bad[i]);
        WZ_CHECK(share_of(text, &e) == 1.0 / 3.0);
        WZ_CHECK_INT(e, 1);
    }
    WZ_TEST_END();
}
