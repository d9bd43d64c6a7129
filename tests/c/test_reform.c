/* Across Quảng Ninh's reforms through the C ABI (issue 9): the registry of
 * every structure, the structure in force on a date, a unit's history both
 * ways, a user lineage file that supplies a successor, and conversion of
 * figures to the 2025 structure and back (with and without shares). */
#include "check.h"

static int contains(const char *haystack, const char *needle) {
    return haystack != NULL && strstr(haystack, needle) != NULL;
}

typedef chitieu_status (*json_fn)(const chitieu_units *, const char *, chitieu_json_flags, char *, size_t, size_t *);

static char *units_text(json_fn f, const chitieu_units *u, const char *arg) {
    size_t needed = 0;
    if (f(u, arg, 0, NULL, 0, &needed) != CHITIEU_BUFFER_TOO_SMALL) return NULL;
    char *buf = malloc(needed);
    if (buf == NULL) abort();
    if (f(u, arg, 0, buf, needed, &needed) != CHITIEU_OK) {
        free(buf);
        return NULL;
    }
    return buf;
}

static char *conversion_csv(const chitieu_conversion *c) {
    size_t needed = 0;
    if (chitieu_conversion_csv(c, NULL, 0, &needed) != CHITIEU_BUFFER_TOO_SMALL) return NULL;
    char *buf = malloc(needed);
    if (buf == NULL) abort();
    if (chitieu_conversion_csv(c, buf, needed, &needed) != CHITIEU_OK) buf[0] = '\0';
    return buf;
}

static char *conversion_json(const chitieu_conversion *c) {
    size_t needed = 0;
    if (chitieu_conversion_json(c, CHITIEU_LANG_EN, 0, NULL, 0, &needed) != CHITIEU_BUFFER_TOO_SMALL) return NULL;
    char *buf = malloc(needed);
    if (buf == NULL) abort();
    if (chitieu_conversion_json(c, CHITIEU_LANG_EN, 0, buf, needed, &needed) != CHITIEU_OK) buf[0] = '\0';
    return buf;
}

static void structures(const char *dir) {
    chitieu_units *all = NULL;
    CHECK(chitieu_units_load(NULL, 0, NULL, 0, &all) == CHITIEU_OK, "built-in structures");
    char *j = units_text(chitieu_units_json, all, "2025-07-01");
    CHECK(contains(j, "\"structure\":\"2025-07-01\"") && contains(j, "Phường Hà Tu") && !contains(j, "Phường Hà Phong"), "listing: %.300s", j ? j : "(null)");
    CHECK(contains(j, "\"communes\":54") && contains(j, "\"communes\":171") && contains(j, "\"communes\":177"), "three structures");
    free(j);
    j = units_text(chitieu_units_history_json, all, "06652");
    CHECK(contains(j, "Phường Hà Phong") && contains(j, "\"from\":\"06664\"") && contains(j, "\"effective\":\"2025-07-01\""), "history: %.400s", j ? j : "(null)");
    free(j);
    size_t needed = 0;
    CHECK(chitieu_units_history_json(all, "99999", 0, NULL, 0, &needed) == CHITIEU_NOT_FOUND, "unknown code");
    CHECK(chitieu_units_json(all, "2025-13-01", 0, NULL, 0, &needed) == CHITIEU_PARSE_ERROR, "a date that does not exist");
    chitieu_units_free(all);

    /* A user's lineage supplies Phường Yết Kiêu's successor. */
    char path[1024];
    snprintf(path, sizeof path, "%s/data/reform/yet-kieu-lineage.csv", dir);
    const char *lineage[1] = {path};
    chitieu_units *mine = NULL;
    CHECK(chitieu_units_load(NULL, 0, lineage, 1, &mine) == CHITIEU_OK, "with a lineage file: %s", path);
    j = units_text(chitieu_units_history_json, mine, "06682");
    CHECK(contains(j, "\"to\":\"06691\""), "Yết Kiêu's successor: %.400s", j ? j : "(null)");
    free(j);
    chitieu_units_free(mine);
    CHECK(chitieu_units_load(NULL, 2, NULL, 0, &mine) == CHITIEU_NULL_POINTER && mine == NULL, "NULL list with a count");
    const char *missing[1] = {"/nonexistent/lineage.csv"};
    CHECK(chitieu_units_load(NULL, 0, missing, 1, &mine) == CHITIEU_DATA_ERROR, "unreadable lineage file");
}

static void conversion(const char *dir) {
    chitieu_catalogue *cat = NULL;
    chitieu_units *all = NULL;
    chitieu_dataset *ds = NULL;
    chitieu_catalogue_builtin(&cat);
    chitieu_units_load(NULL, 0, NULL, 0, &all);
    const char *csv = "unit_code,period,criminal_cases\n06652,2023,40\n06664,2023,2\n06967,2023,7\n06886,2023,9\n06892,2023,4\n06799,2023,10\n06802,2023,3\n";
    CHECK(chitieu_dataset_from_csv_text(cat, all, csv, "old.csv", &ds) == CHITIEU_OK, "2023 figures in the 2024 structure");

    chitieu_conversion *c = NULL;
    CHECK(chitieu_convert(cat, ds, "2025-07-01", NULL, &c) == CHITIEU_OK, "convert");
    char *out = conversion_csv(c);
    CHECK(contains(out, "06652,Phường Hà Tu,2023,criminal_cases,42,2025-07-01,"), "Hà Tu = Hà Phong + Hà Tu: %s", out ? out : "(null)");
    CHECK(contains(out, "06967,Xã Cái Chiên,2023,criminal_cases,7,2025-07-01,"), "one to one");
    CHECK(!contains(out, "06886,Xã Hải Lạng"), "a divided predecessor without a share");
    free(out);
    char *rep = conversion_json(c);
    CHECK(contains(rep, "\"reason_code\":\"not_attributable\"") && contains(rep, "Xã Hải Lạng"), "the report says why");
    free(rep);
    size_t done = 0, skipped = 0;
    CHECK(chitieu_conversion_counts(c, &done, &skipped) == CHITIEU_OK && done >= 2 && skipped >= 1, "%zu converted, %zu not", done, skipped);

    /* Back to 2024: the one-to-one unit returns, the merged one is reported. */
    chitieu_dataset *converted = NULL;
    CHECK(chitieu_conversion_dataset(c, &converted) == CHITIEU_OK, "converted dataset");
    chitieu_conversion *back = NULL;
    CHECK(chitieu_convert(cat, converted, "2024-06-01", NULL, &back) == CHITIEU_OK, "convert back");
    out = conversion_csv(back);
    CHECK(contains(out, "06967,Xã Cái Chiên,2023,criminal_cases,7,2024,"), "round trip: %s", out ? out : "(null)");
    CHECK(!contains(out, "06652,"), "a merged unit is not split back");
    free(out);
    chitieu_conversion_free(back);
    chitieu_dataset_free(converted);
    chitieu_conversion_free(c);

    /* With shares: the exact weighted figure, as a fraction when not whole. */
    char path[1024];
    snprintf(path, sizeof path, "%s/data/reform/shares-hai-lang.csv", dir);
    CHECK(chitieu_convert(cat, ds, "2025-07-01", path, &c) == CHITIEU_OK, "convert with shares");
    out = conversion_csv(c);
    /* Hải Lạng (new) = 70% of 9 + 40% of 10 + 0 x 3 + 4 = 14.3 */
    CHECK(contains(out, "06886,Xã Hải Lạng,2023,criminal_cases,143/10,2025-07-01,"), "weighted: %s", out ? out : "(null)");
    free(out);
    chitieu_conversion_free(c);
    chitieu_conversion_free(NULL);
    CHECK(chitieu_convert(cat, ds, "2025-07-01", "/nonexistent/shares.csv", &c) == CHITIEU_DATA_ERROR && c == NULL, "unreadable shares");
    chitieu_dataset_free(ds);
    chitieu_units_free(all);
    chitieu_catalogue_free(cat);
}

int main(int argc, char **argv) {
    const char *dir = argc > 1 ? argv[1] : "tests/scenarios";
    structures(dir);
    conversion(dir);
    return finish();
}
