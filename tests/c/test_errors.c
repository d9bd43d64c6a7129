/* Every error path of the C ABI: NULL handles and out-pointers, invalid
 * UTF-8, unreadable periods, malformed CSV (the message names the row and
 * column), buffers too small then of the exact size, NULL-safe free,
 * indexes out of range, the per-thread last error. */
#include "check.h"

static int contains(const char *haystack, const char *needle) {
    return haystack != NULL && strstr(haystack, needle) != NULL;
}

static void null_pointers(void) {
    chitieu_catalogue *cat = NULL;
    chitieu_units *units = NULL;
    size_t n = 0;
    CHECK(chitieu_catalogue_builtin(NULL) == CHITIEU_NULL_POINTER, "NULL out");
    CHECK(chitieu_catalogue_target_count(NULL, &n) == CHITIEU_NULL_POINTER, "NULL catalogue");
    char *m = last_error();
    CHECK(contains(m, "catalogue is NULL"), "message: %s", m);
    free(m);
    CHECK(chitieu_last_error_status() == CHITIEU_NULL_POINTER, "last status");

    CHECK(chitieu_catalogue_builtin(&cat) == CHITIEU_OK, "catalogue");
    CHECK(chitieu_units_builtin(&units) == CHITIEU_OK, "units");
    CHECK(chitieu_catalogue_target_count(cat, NULL) == CHITIEU_NULL_POINTER, "NULL count");
    chitieu_catalogue *other = cat; /* garbage that must be overwritten */
    CHECK(chitieu_catalogue_from_path(NULL, CHITIEU_CATALOGUE_ADD_TO_BUILTIN, &other) == CHITIEU_NULL_POINTER, "NULL path");
    CHECK(other == NULL, "a failed call leaves *out NULL");

    chitieu_result *r = (chitieu_result *)&n; /* garbage that must be overwritten */
    CHECK(chitieu_evaluate(NULL, units, NULL, "2023", NULL, 0, &r) == CHITIEU_NULL_POINTER, "NULL catalogue to evaluate");
    CHECK(r == NULL, "*out is NULL after a failure");
    chitieu_dataset *ds = NULL;
    CHECK(chitieu_dataset_from_csv_text(cat, units, "unit_code,period,crimes_recorded\n22,2023,5\n", NULL, &ds) == CHITIEU_OK, "dataset");
    CHECK(chitieu_evaluate(cat, units, ds, NULL, NULL, 0, &r) == CHITIEU_NULL_POINTER, "NULL period");
    CHECK(chitieu_evaluate(cat, units, ds, "2023", NULL, 2, &r) == CHITIEU_NULL_POINTER, "NULL unit codes with a count");
    const char *codes[2] = {"193", NULL};
    CHECK(chitieu_evaluate(cat, units, ds, "2023", codes, 2, &r) == CHITIEU_NULL_POINTER, "a NULL unit code");
    CHECK(chitieu_result_count(NULL, &n) == CHITIEU_NULL_POINTER, "NULL result");
    CHECK(chitieu_result_json(NULL, CHITIEU_LANG_VI, 0, NULL, 0, &n) == CHITIEU_NULL_POINTER, "NULL result json");
    CHECK(chitieu_dataset_len(NULL, &n) == CHITIEU_NULL_POINTER, "NULL dataset");
    CHECK(chitieu_last_error_row(NULL) == CHITIEU_NULL_POINTER, "NULL row");
    CHECK(chitieu_xl_check(NULL, 1, 2, 1) == CHITIEU_XL_ERROR - CHITIEU_NULL_POINTER, "NULL target in a cell");
    CHECK(chitieu_xl_check_w(NULL, 1, 2, 1) == CHITIEU_XL_ERROR - CHITIEU_NULL_POINTER, "NULL UTF-16 target");
    double margin = 0;
    CHECK(chitieu_xl_margin("nq314.crime.clearance_rate", 1, 2, 1, NULL) == CHITIEU_XL_ERROR - CHITIEU_NULL_POINTER, "NULL margin");
    CHECK(chitieu_xl_margin("nq314.crime.clearance_rate", 79, 100, 1, &margin) == CHITIEU_OUTCOME_NOT_MET && margin == -1.0, "margin %g", margin);

    chitieu_dataset_free(ds);
    chitieu_units_free(units);
    chitieu_catalogue_free(cat);
}

static void invalid_text(void) {
    chitieu_catalogue *cat = NULL;
    chitieu_units *units = NULL;
    chitieu_dataset *ds = NULL;
    chitieu_result *r = NULL;
    chitieu_catalogue_builtin(&cat);
    chitieu_units_builtin(&units);
    CHECK(chitieu_dataset_from_csv_text(cat, units, "unit_code,period,crimes_recorded\n22,2023,5\n", "d.csv", &ds) == CHITIEU_OK, "dataset");

    CHECK(chitieu_evaluate(cat, units, ds, "20\xff\xfe", NULL, 0, &r) == CHITIEU_INVALID_UTF8, "invalid UTF-8 period");
    char *m = last_error();
    CHECK(contains(m, "period is not valid UTF-8"), "message: %s", m);
    free(m);
    chitieu_dataset *bad = NULL;
    CHECK(chitieu_dataset_from_csv_text(cat, units, "unit_code,period,crimes_recorded\n22,2023,\xc3\x28\n", NULL, &bad) == CHITIEU_INVALID_UTF8, "invalid UTF-8 data");
    CHECK(bad == NULL, "no dataset");
    CHECK(chitieu_xl_check("nq314.\xe1\x80", 1, 2, 1) == CHITIEU_XL_ERROR - CHITIEU_INVALID_UTF8, "invalid UTF-8 target");
    const uint16_t lone[] = {0x006E, 0xD800, 0x0071, 0};
    CHECK(chitieu_xl_check_w(lone, 1, 2, 1) == CHITIEU_XL_ERROR - CHITIEU_INVALID_UTF8, "an unpaired surrogate");

    CHECK(chitieu_evaluate(cat, units, ds, "20x3", NULL, 0, &r) == CHITIEU_PARSE_ERROR, "unreadable period");
    m = last_error();
    CHECK(contains(m, "20x3"), "message names the period: %s", m);
    free(m);

    const char *codes[1] = {"99999"};
    CHECK(chitieu_evaluate(cat, units, ds, "2023", codes, 1, &r) == CHITIEU_NOT_FOUND, "unknown unit");
    m = last_error();
    CHECK(contains(m, "99999"), "message names the unit: %s", m);
    free(m);

    CHECK(chitieu_evaluate(cat, units, ds, "2023", NULL, 0, &r) == CHITIEU_OK, "evaluate the province");
    size_t n = 0;
    CHECK(chitieu_result_json(r, 7, 0, NULL, 0, &n) == CHITIEU_INVALID_ARGUMENT, "unknown language");
    chitieu_outcome_status os = 0;
    CHECK(chitieu_result_outcome_status(r, 100000, &os) == CHITIEU_INVALID_ARGUMENT, "index out of range");
    CHECK(chitieu_result_find(r, "nq314.nothing", "22", &n) == CHITIEU_NOT_FOUND, "no such outcome");
    size_t idx = 0;
    CHECK(chitieu_result_find(r, "nq314.crime.clearance_rate", "22", &idx) == CHITIEU_OK, "clearance rate of the province");
    char buf[64];
    CHECK(chitieu_result_outcome_field(r, idx, "actual", CHITIEU_LANG_EN, buf, sizeof buf, &n) == CHITIEU_NOT_FOUND, "null actual (no data)");
    CHECK(chitieu_result_outcome_field(r, idx, "no_such_key", CHITIEU_LANG_EN, buf, sizeof buf, &n) == CHITIEU_NOT_FOUND, "unknown field");
    CHECK(chitieu_result_outcome_field(r, idx, "status", CHITIEU_LANG_EN, buf, sizeof buf, &n) == CHITIEU_OK && strcmp(buf, "no_data") == 0, "status %s", buf);
    chitieu_result_free(r);

    CHECK(chitieu_xl_check("nq314.crime.clearance_rat", 1, 2, 1) == CHITIEU_XL_ERROR - CHITIEU_NOT_FOUND, "unknown target");
    m = last_error();
    CHECK(contains(m, "did you mean 'nq314.crime.clearance_rate'"), "message: %s", m);
    free(m);
    double margin = 5;
    CHECK(chitieu_xl_margin("nq314.crime.clearance_rat", 1, 2, 1, &margin) == CHITIEU_XL_ERROR - CHITIEU_NOT_FOUND, "unknown target: -108 as for no margin");
    m = last_error();
    CHECK(contains(m, "unknown target"), "the message tells it from a missing margin: %s", m);
    free(m);
    volatile double zero = 0.0;
    CHECK(chitieu_xl_check("nq314.crime.clearance_rate", zero / zero, 2, 1) == CHITIEU_XL_ERROR - CHITIEU_INVALID_ARGUMENT, "NaN");
    CHECK(chitieu_xl_check("nq314.crime.clearance_rate", 1.0 / zero, 2, 1) == CHITIEU_XL_ERROR - CHITIEU_INVALID_ARGUMENT, "infinity");
    CHECK(chitieu_xl_check("nq314.crime.clearance_rate", 79, 0, 0) == CHITIEU_XL_ERROR - CHITIEU_INVALID_ARGUMENT, "a rate without denominator");

    chitieu_catalogue *c2 = NULL;
    CHECK(chitieu_catalogue_from_path("/nonexistent/catalogue.toml", CHITIEU_CATALOGUE_ADD_TO_BUILTIN, &c2) == CHITIEU_CATALOGUE_ERROR, "missing catalogue file");
    m = last_error();
    CHECK(contains(m, "/nonexistent/catalogue.toml"), "message names the file: %s", m);
    free(m);
    CHECK(chitieu_catalogue_from_path("/nonexistent", 9, &c2) == CHITIEU_INVALID_ARGUMENT, "unknown mode");
    CHECK(c2 == NULL, "no catalogue");

    chitieu_dataset_free(ds);
    chitieu_units_free(units);
    chitieu_catalogue_free(cat);
}

static void malformed_data(void) {
    chitieu_catalogue *cat = NULL;
    chitieu_units *units = NULL;
    chitieu_dataset *ds = NULL;
    chitieu_catalogue_builtin(&cat);
    chitieu_units_builtin(&units);
    char col[64];
    size_t n = 0;
    uint64_t row = 0;

    CHECK(chitieu_dataset_from_csv_text(cat, units, "unit_code,period,variable,value\n193,2023,crimes_recorded,100\n193,2023,crimes_solved,abc\n", "bad.csv", &ds) == CHITIEU_DATA_ERROR, "a value that is not a number");
    CHECK(ds == NULL, "no dataset");
    char *m = last_error();
    CHECK(contains(m, "bad.csv") && contains(m, "row 3") && contains(m, "column 'value'") && contains(m, "'abc'") && contains(m, "expected"), "message: %s", m);
    free(m);
    CHECK(chitieu_last_error_row(&row) == CHITIEU_OK && row == 3, "row %llu", (unsigned long long)row);
    CHECK(chitieu_last_error_column(col, sizeof col, &n) == CHITIEU_OK && strcmp(col, "value") == 0 && n == 6, "column %s", col);
    CHECK(chitieu_last_error_status() == CHITIEU_DATA_ERROR, "the getters keep the last error");

    CHECK(chitieu_dataset_from_csv_text(cat, units, "unit_code,period,crimes_recorded,crimes_solvd\n193,2023,100,80\n", "wide.csv", &ds) == CHITIEU_DATA_ERROR, "unknown variable");
    m = last_error();
    CHECK(contains(m, "crimes_solvd") && contains(m, "did you mean 'crimes_solved'"), "message: %s", m);
    free(m);

    CHECK(chitieu_dataset_from_csv_text(cat, units, "unit_code,period,variable,value\n193,2023,crimes_recorded\n", "short.csv", &ds) == CHITIEU_DATA_ERROR, "a short row");
    m = last_error();
    CHECK(contains(m, "short.csv") && contains(m, "row 2"), "message: %s", m);
    free(m);

    CHECK(chitieu_dataset_from_json_text(cat, units, "[{\"unit_code\": \"193\", \"period\": \"2023\", \"crimes_recorded\": -4}]", "d.json", &ds) == CHITIEU_DATA_ERROR, "a negative count in JSON");
    m = last_error();
    CHECK(contains(m, "d.json") && contains(m, "crimes_recorded"), "message: %s", m);
    free(m);
    CHECK(chitieu_last_error_row(&row) == CHITIEU_OK && row == 1, "JSON record %llu", (unsigned long long)row);

    chitieu_units *u2 = NULL;
    CHECK(chitieu_units_from_csv_text("code,name,level,division_type,parent_code\n1,A,province,t,\n2,B,county,h,1\n", "u.csv", &u2) == CHITIEU_DATA_ERROR, "bad unit level");
    CHECK(chitieu_last_error_row(&row) == CHITIEU_OK && row == 3, "row %llu", (unsigned long long)row);
    CHECK(chitieu_last_error_column(col, sizeof col, &n) == CHITIEU_OK && strcmp(col, "level") == 0, "column %s", col);
    CHECK(u2 == NULL, "no registry");
    CHECK(chitieu_units_from_csv_path("/nonexistent/units.csv", &u2) == CHITIEU_DATA_ERROR, "missing units file");
    CHECK(chitieu_last_error_row(&row) == CHITIEU_NOT_FOUND, "no row for a missing file");
    CHECK(chitieu_last_error_column(col, sizeof col, &n) == CHITIEU_NOT_FOUND, "no column for a missing file");
    CHECK(chitieu_dataset_from_path(cat, units, "/nonexistent/data.csv", &ds) == CHITIEU_DATA_ERROR, "missing data file");

    /* A success clears the last error. */
    CHECK(chitieu_dataset_from_csv_text(cat, units, "unit_code,period,crimes_recorded\n193,2023,100\n", NULL, &ds) == CHITIEU_OK, "good data");
    CHECK(chitieu_dataset_len(ds, &n) == CHITIEU_OK && n == 1, "one observation, got %zu", n);
    CHECK(chitieu_last_error_status() == CHITIEU_OK, "cleared");
    CHECK(chitieu_last_error_message(NULL, 0, &n) == CHITIEU_BUFFER_TOO_SMALL && n == 1, "empty message needs 1 byte");
    chitieu_dataset_free(ds);
    chitieu_units_free(units);
    chitieu_catalogue_free(cat);
}

static void buffers(void) {
    /* Make an error with a long message. */
    CHECK(chitieu_xl_check("nq314.crime.clearance_rat", 1, 2, 1) < CHITIEU_XL_ERROR, "an error");
    size_t needed = 0;
    CHECK(chitieu_last_error_message(NULL, 0, &needed) == CHITIEU_BUFFER_TOO_SMALL, "size query");
    CHECK(needed > 10, "needed %zu", needed);
    char *buf = malloc(needed + 8);
    memset(buf, 'X', needed + 8);
    size_t again = 0;
    CHECK(chitieu_last_error_message(buf, needed - 1, &again) == CHITIEU_BUFFER_TOO_SMALL, "one byte short");
    CHECK(again == needed, "same size reported");
    CHECK(buf[0] == '\0' && buf[1] == 'X' && buf[needed - 2] == 'X', "only a NUL written");
    CHECK(chitieu_last_error_message(buf, needed, &again) == CHITIEU_OK, "exact size");
    CHECK(strlen(buf) == needed - 1 && buf[needed] == 'X', "written exactly: %zu", strlen(buf));
    CHECK(chitieu_last_error_message(buf, 4, NULL) == CHITIEU_BUFFER_TOO_SMALL, "needed may be NULL");
    CHECK(chitieu_last_error_message(NULL, 4, &again) == CHITIEU_NULL_POINTER, "NULL buffer with a capacity");
    free(buf);

    chitieu_catalogue *cat = NULL;
    chitieu_catalogue_builtin(&cat);
    size_t count = 0;
    CHECK(chitieu_catalogue_target_count(cat, &count) == CHITIEU_OK && count > 10, "targets: %zu", count);
    char id[8];
    CHECK(chitieu_catalogue_target_id(cat, 0, id, sizeof id, &needed) == CHITIEU_BUFFER_TOO_SMALL && id[0] == '\0', "short id buffer");
    char *idbuf = malloc(needed);
    CHECK(chitieu_catalogue_target_id(cat, 0, idbuf, needed, &needed) == CHITIEU_OK && strlen(idbuf) + 1 == needed, "id %s", idbuf);
    free(idbuf);
    CHECK(chitieu_catalogue_target_id(cat, count, id, sizeof id, &needed) == CHITIEU_INVALID_ARGUMENT, "index out of range");
    CHECK(chitieu_catalogue_json(cat, CHITIEU_LANG_VI, CHITIEU_JSON_PRETTY, NULL, 0, &needed) == CHITIEU_BUFFER_TOO_SMALL, "json size");
    char *json = malloc(needed);
    CHECK(chitieu_catalogue_json(cat, CHITIEU_LANG_VI, CHITIEU_JSON_PRETTY, json, needed, &needed) == CHITIEU_OK && json[0] == '{' && json[needed - 2] == '\n' && strstr(json, "\"nq314.crime.clearance_rate\"") != NULL, "catalogue json");
    free(json);
    chitieu_catalogue_free(cat);

    /* The UTF-16 error text for VBA. */
    CHECK(chitieu_xl_check("nq314.crime.clearance_rat", 1, 2, 1) < CHITIEU_XL_ERROR, "an error");
    int32_t n16 = 0;
    CHECK(chitieu_xl_last_error_w(NULL, 0, &n16) == CHITIEU_XL_ERROR - CHITIEU_BUFFER_TOO_SMALL && n16 > 10, "UTF-16 size %d", n16);
    uint16_t *w = malloc(sizeof(uint16_t) * (size_t)n16);
    CHECK(chitieu_xl_last_error_w(w, n16, &n16) == 0 && w[0] == 'u' && w[n16 - 1] == 0, "UTF-16 message");
    free(w);
}

static void free_null(void) {
    chitieu_catalogue_free(NULL);
    chitieu_units_free(NULL);
    chitieu_dataset_free(NULL);
    chitieu_result_free(NULL);
    CHECK(1, "every free accepts NULL");
}

static void names(void) {
    CHECK(strcmp(chitieu_status_name(CHITIEU_BUFFER_TOO_SMALL), "CHITIEU_BUFFER_TOO_SMALL") == 0, "status name");
    CHECK(strcmp(chitieu_status_name(12345), "CHITIEU_UNKNOWN_STATUS") == 0, "unknown status name");
    char v[32];
    snprintf(v, sizeof v, "%d.%d.%d", CHITIEU_VERSION_MAJOR, CHITIEU_VERSION_MINOR, CHITIEU_VERSION_PATCH);
    CHECK(strcmp(chitieu_version(), v) == 0, "library %s, header %s", chitieu_version(), v);
    CHECK(-CHITIEU_OUTCOME_NO_DATA == 1 && 5 -CHITIEU_OUTCOME_NOT_APPLICABLE == 7, "negative macros are safe in expressions");
}

int main(void) {
    null_pointers();
    invalid_text();
    malformed_data();
    buffers();
    free_null();
    names();
    return finish();
}
