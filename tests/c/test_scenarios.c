/* Runs the shared scenarios (tests/scenarios/scenarios.csv: every worked
 * example of RULES.md section 8) through the C ABI.
 *
 * usage: test_scenarios <tests/scenarios directory>
 *
 * Rows are plain ASCII without quoting. Fields may be empty ("not checked"),
 * which strtok would merge with the next separator, so lines are cut at each
 * comma with strchr. "evaluate" rows evaluate an observation file;
 * "select" and "certify" rows read the folder named in `data` (figures.csv,
 * events.csv, register.csv, each optional) and check the criterion named in
 * `target`: its status, and the actual and margin of its single requirement,
 * as core/tests/scenarios.rs does. Every row is run. */
#include "check.h"

#define NFIELDS 10
enum { SCENARIO, OPERATION, DATA, PERIOD, UNIT, TARGET, STATUS, ACTUAL, MARGIN, GOVERNING };

static int split(char *line, char *fields[NFIELDS]) {
    line[strcspn(line, "\r\n")] = '\0';
    int n = 0;
    char *p = line;
    while (n < NFIELDS) {
        fields[n++] = p;
        char *comma = strchr(p, ',');
        if (comma == NULL) break;
        *comma = '\0';
        p = comma + 1;
    }
    return n;
}

static const char *status_word(chitieu_outcome_status s) {
    switch (s) {
    case CHITIEU_OUTCOME_MET: return "met";
    case CHITIEU_OUTCOME_NOT_MET: return "not_met";
    case CHITIEU_OUTCOME_NO_DATA: return "no_data";
    case CHITIEU_OUTCOME_NOT_APPLICABLE: return "not_applicable";
    default: return "?";
    }
}

/* Compares an expected text (empty: not checked) with a field. */
static void expect_field(const char *scenario, const chitieu_result *r, size_t i, const char *key, const char *expected) {
    if (expected[0] == '\0') return;
    chitieu_status st;
    char *got = outcome_field(r, i, key, CHITIEU_LANG_EN, &st);
    CHECK(got != NULL && strcmp(got, expected) == 0, "%s: %s is '%s', expected '%s' (status %s)", scenario, key,
          got ? got : "(none)", expected, chitieu_status_name(st));
    free(got);
}

static void run_evaluate(const char *dir, char *f[NFIELDS], const chitieu_catalogue *cat, const chitieu_units *units) {
    char path[4096];
    snprintf(path, sizeof path, "%s/%s", dir, f[DATA]);
    chitieu_dataset *ds = NULL;
    chitieu_status st = chitieu_dataset_from_path(cat, units, path, &ds);
    if (st != CHITIEU_OK) {
        char *m = last_error();
        CHECK(0, "%s: loading %s: %s: %s", f[SCENARIO], path, chitieu_status_name(st), m);
        free(m);
        return;
    }
    const char *codes[1] = {f[UNIT]};
    chitieu_result *r = NULL;
    st = chitieu_evaluate(cat, units, ds, f[PERIOD], codes, 1, &r);
    if (st != CHITIEU_OK) {
        char *m = last_error();
        CHECK(0, "%s: evaluate: %s: %s", f[SCENARIO], chitieu_status_name(st), m);
        free(m);
        chitieu_dataset_free(ds);
        return;
    }
    size_t i = 0;
    st = chitieu_result_find(r, f[TARGET], f[UNIT], &i);
    if (st != CHITIEU_OK) {
        char *m = last_error();
        CHECK(0, "%s: %s", f[SCENARIO], m);
        free(m);
    } else {
        chitieu_outcome_status os = 99;
        CHECK(chitieu_result_outcome_status(r, i, &os) == CHITIEU_OK, "%s: outcome status", f[SCENARIO]);
        CHECK(strcmp(status_word(os), f[STATUS]) == 0, "%s: status %s, expected %s", f[SCENARIO], status_word(os), f[STATUS]);
        expect_field(f[SCENARIO], r, i, "status", f[STATUS]);
        expect_field(f[SCENARIO], r, i, "actual", f[ACTUAL]);
        expect_field(f[SCENARIO], r, i, "margin", f[MARGIN]);
        expect_field(f[SCENARIO], r, i, "governing", f[GOVERNING]);
    }
    chitieu_result_free(r);
    chitieu_dataset_free(ds);
}

/* `dir/data/name`, or NULL when that file does not exist (each input of a
 * recognition row is optional). */
static const char *input_file(char *path, size_t size, const char *dir, const char *data, const char *name) {
    snprintf(path, size, "%s/%s/%s", dir, data, name);
    FILE *fp = fopen(path, "r");
    if (fp == NULL) return NULL;
    fclose(fp);
    return path;
}

/* Compares an expected text (empty: not checked) with a field of the
 * criterion's first requirement. */
static void expect_part(const char *scenario, const chitieu_report *r, size_t u, size_t c, const char *key, const char *expected) {
    if (expected[0] == '\0') return;
    size_t needed = 0;
    char buf[256];
    chitieu_status st = chitieu_report_part_field(r, u, c, 0, key, CHITIEU_LANG_EN, buf, sizeof buf, &needed);
    CHECK(st == CHITIEU_OK && strcmp(buf, expected) == 0, "%s: %s is '%s', expected '%s' (status %s)", scenario, key,
          st == CHITIEU_OK ? buf : "(none)", expected, chitieu_status_name(st));
}

static void run_recognition(const char *dir, char *f[NFIELDS], const chitieu_catalogue *cat, const chitieu_units *units) {
    char figures[4096], events[4096], reg[4096];
    chitieu_inputs *in = NULL;
    chitieu_status st = chitieu_inputs_from_paths(cat, units, input_file(figures, sizeof figures, dir, f[DATA], "figures.csv"),
                                                  input_file(events, sizeof events, dir, f[DATA], "events.csv"),
                                                  input_file(reg, sizeof reg, dir, f[DATA], "register.csv"), &in);
    if (st != CHITIEU_OK) {
        char *m = last_error();
        CHECK(0, "%s: reading %s/%s: %s: %s", f[SCENARIO], dir, f[DATA], chitieu_status_name(st), m);
        free(m);
        return;
    }
    chitieu_report *r = NULL;
    int select = strcmp(f[OPERATION], "select") == 0;
    st = select ? chitieu_select(cat, units, in, "kh50", f[PERIOD], &r) : chitieu_certify(cat, units, in, "kh50", f[PERIOD], &r);
    size_t u = 0, c = 0;
    if (st == CHITIEU_OK) st = chitieu_report_find_unit(r, f[UNIT], &u);
    if (st == CHITIEU_OK) st = chitieu_report_find_criterion(r, u, f[TARGET], &c);
    if (st != CHITIEU_OK) {
        char *m = last_error();
        CHECK(0, "%s: %s: %s: %s", f[SCENARIO], f[OPERATION], chitieu_status_name(st), m);
        free(m);
    } else {
        chitieu_outcome_status os = 99;
        CHECK(chitieu_report_criterion_status(r, u, c, &os) == CHITIEU_OK, "%s: criterion status", f[SCENARIO]);
        char detail[1024];
        size_t needed = 0;
        chitieu_report_criterion_detail(r, u, c, CHITIEU_LANG_EN, detail, sizeof detail, &needed);
        CHECK(strcmp(status_word(os), f[STATUS]) == 0, "%s: status %s, expected %s; %s", f[SCENARIO], status_word(os), f[STATUS], detail);
        expect_part(f[SCENARIO], r, u, c, "actual", f[ACTUAL]);
        expect_part(f[SCENARIO], r, u, c, "margin", f[MARGIN]);
        CHECK(f[GOVERNING][0] == '\0', "%s: 'governing' is not checked for %s rows", f[SCENARIO], f[OPERATION]);
    }
    chitieu_report_free(r);
    chitieu_inputs_free(in);
}

/* The built-in synthetic sample evaluates, and every result says it is synthetic. */
static void sample(const chitieu_catalogue *cat, const chitieu_units *units) {
    chitieu_dataset *ds = NULL;
    CHECK(chitieu_dataset_sample(NULL) == CHITIEU_NULL_POINTER, "NULL out");
    CHECK(chitieu_dataset_sample(&ds) == CHITIEU_OK, "the sample");
    size_t n = 0;
    CHECK(chitieu_dataset_len(ds, &n) == CHITIEU_OK && n > 100, "%zu observations", n);
    chitieu_result *r = NULL;
    CHECK(chitieu_evaluate(cat, units, ds, "2024", NULL, 0, &r) == CHITIEU_OK, "evaluate the province in 2024");
    char *json = result_json(r, CHITIEU_LANG_EN);
    CHECK(json != NULL && strstr(json, "\"synthetic\":true") != NULL && strstr(json, "synthetic_data") != NULL, "marked synthetic");
    free(json);
    size_t count = 0, decided = 0;
    chitieu_result_count(r, &count);
    for (size_t i = 0; i < count; i++) {
        chitieu_outcome_status s = CHITIEU_OUTCOME_NO_DATA;
        chitieu_result_outcome_status(r, i, &s);
        decided += s == CHITIEU_OUTCOME_MET || s == CHITIEU_OUTCOME_NOT_MET;
    }
    CHECK(count > 10 && decided > count / 2, "%zu of %zu outcomes decided", decided, count);
    printf("built-in sample: %zu observations, %zu outcomes for the province in 2024, %zu decided\n", n, count, decided);
    chitieu_result_free(r);

    /* Every unit: a district judged by a province target says so, and the
     * communes without figures are listed once per document in the JSON. */
    r = NULL;
    CHECK(chitieu_evaluate_all(cat, units, ds, "2023", &r) == CHITIEU_OK, "evaluate every unit in 2023");
    size_t at = 0;
    CHECK(chitieu_result_find(r, "nq314.crime.clearance_rate", "193", &at) == CHITIEU_OK, "Hạ Long's clearance rate");
    expect_field("sample", r, at, "extended_from", "province");
    CHECK(chitieu_result_find(r, "nq314.crime.clearance_rate", "06649", &at) == CHITIEU_NOT_FOUND, "no outcome for a commune without figures");
    json = result_json(r, CHITIEU_LANG_EN);
    CHECK(json != NULL && strstr(json, "\"units_without_figures\":[{") != NULL
              && strstr(json, "Phường Hà Khánh: no figures for the targets of 314/2020/NQ-HĐND in 2023") != NULL,
          "units without figures in the JSON");
    free(json);
    chitieu_result_free(r);
    chitieu_dataset_free(ds);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s <tests/scenarios directory>\n", argv[0]);
        return 2;
    }
    char path[4096];
    snprintf(path, sizeof path, "%s/scenarios.csv", argv[1]);
    FILE *fp = fopen(path, "r");
    if (fp == NULL) {
        perror(path);
        return 2;
    }
    chitieu_catalogue *cat = NULL;
    chitieu_units *units = NULL;
    CHECK(chitieu_catalogue_builtin(&cat) == CHITIEU_OK, "built-in catalogue");
    CHECK(chitieu_units_builtin(&units) == CHITIEU_OK, "built-in units");

    char line[4096];
    int rows = 0, recognition = 0;
    if (fgets(line, sizeof line, fp) == NULL) {
        fprintf(stderr, "%s is empty\n", path);
        return 2;
    }
    while (fgets(line, sizeof line, fp) != NULL) {
        char *f[NFIELDS];
        if (line[0] == '\n' || line[0] == '\r' || line[0] == '\0') continue;
        int n = split(line, f);
        CHECK(n == NFIELDS, "a row with %d fields: %s", n, line);
        if (n != NFIELDS) continue;
        if (strcmp(f[OPERATION], "evaluate") == 0) {
            rows++;
            run_evaluate(argv[1], f, cat, units);
        } else if (strcmp(f[OPERATION], "select") == 0 || strcmp(f[OPERATION], "certify") == 0) {
            recognition++;
            run_recognition(argv[1], f, cat, units);
        } else {
            CHECK(0, "%s: unknown operation '%s'", f[SCENARIO], f[OPERATION]);
        }
    }
    fclose(fp);
    printf("%d scenarios evaluated, %d select/certify scenarios run\n", rows, recognition);
    CHECK(rows > 0, "no evaluate row in %s", path);
    CHECK(recognition > 0, "no select/certify row in %s", path);
    sample(cat, units);
    chitieu_units_free(units);
    chitieu_catalogue_free(cat);
    return finish();
}
