/*
 * test_paths: the kiosk finds its fonts from the build folder and from $WZ_DATA_DIR,
 * and never follows a path that climbs out of the data folder.
 */
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "wz_paths.h"
#include "wz_test.h"
#include "wz_util.h"

int main(void)
{
    WZ_TEST("the executable's folder");
    char *exe = wz_paths_exe_dir();
    WZ_CHECK(exe != NULL && exe[0] == '/');
    free(exe);

    WZ_TEST("fonts are found from the build tree (via the source folder as data dir)");
    setenv("WZ_DATA_DIR", WZ_SOURCE_DIR, 1);
    char *font = wz_paths_asset("fonts/NotoSans-Regular.ttf");
    WZ_CHECK(font != NULL);
    WZ_CHECK(font && access(font, R_OK) == 0);
    WZ_CHECK(font && wz_str_starts(font, WZ_SOURCE_DIR));
    free(font);
    char *sc = wz_paths_bundled_scenarios();
    WZ_CHECK(sc != NULL);
    free(sc);

    WZ_TEST("missing files and unsafe paths give NULL");
    WZ_CHECK(wz_paths_asset("fonts/no-such-font.ttf") == NULL);
    WZ_CHECK(wz_paths_find("../etc/passwd") == NULL);
    WZ_CHECK(wz_paths_find("assets/../../etc/passwd") == NULL);
    WZ_CHECK(wz_paths_find("/etc/passwd") == NULL);
    WZ_CHECK(wz_paths_find("") == NULL);
    WZ_CHECK(wz_paths_asset(NULL) == NULL);

    WZ_TEST("$WZ_DATA_DIR comes first");
    char dir[] = "/tmp/wz-test-paths-XXXXXX";
    WZ_CHECK(mkdtemp(dir) != NULL);
    char *a = wz_path_join(dir, "assets");
    char *f = wz_path_join(dir, "assets/fonts");
    char *ttf = wz_path_join(dir, "assets/fonts/NotoSans-Regular.ttf");
    mkdir(a, 0700);
    mkdir(f, 0700);
    WZ_CHECK_INT(wz_write_file_atomic(ttf, "x", 1), 0);
    setenv("WZ_DATA_DIR", dir, 1);
    font = wz_paths_asset("fonts/NotoSans-Regular.ttf");
    WZ_CHECK_STR(font, ttf);
    free(font);
    unlink(ttf);
    rmdir(f);
    rmdir(a);
    rmdir(dir);
    free(ttf);
    free(f);
    free(a);

    WZ_TEST_END();
}
