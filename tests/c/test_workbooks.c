/* Workbooks through the C ABI (issue 10): the figures of
 * tests/fixtures/SoLieu.xlsx, .ods and .xls (made by LibreOffice) read through
 * the path function give the outcomes of their CSV source; a sheet named
 * after '#'; an error cell named by sheet and cell; the recognition inputs
 * of tests/fixtures/KH50.xlsx, all three in one workbook, decide as the CSV
 * files of the scenario; the scorecard and the recognition report written as
 * .xlsx files (a zip archive holding the workbook's parts).
 *
 * usage: test_workbooks FIXTURES_DIR SCENARIOS_DIR OUT_DIR */
#include "check.h"

static char fixtures[1024], scenarios[1024], outdir[1024];

static const char *path_of(const char *dir, const char *name) {
    static char buf[4][2048];
    static int next = 0;
    char *p = buf[next];
    next = (next + 1) % 4;
    snprintf(p, sizeof buf[0], "%s/%s", dir, name);
    return p;
}

static int contains(const char *haystack, const char *needle) {
    return haystack != NULL && strstr(haystack, needle) != NULL;
}

/* A part of the last error via the two-call pattern (caller frees), or NULL. */
static char *last_part(chitieu_status (*get)(char *, size_t, size_t *)) {
    size_t needed = 0;
    if (get(NULL, 0, &needed) != CHITIEU_BUFFER_TOO_SMALL) return NULL;
    char *buf = malloc(needed);
    if (buf == NULL) abort();
    if (get(buf, needed, &needed) != CHITIEU_OK) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* Every outcome's target, unit and status, one line each (caller frees). */
static char *statuses(const chitieu_result *r) {
    size_t n = 0;
    chitieu_result_count(r, &n);
    size_t cap = 64 * (n + 1), len = 0;
    char *out = malloc(cap);
    if (out == NULL) abort();
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        chitieu_status s;
        char *target = outcome_field(r, i, "target", CHITIEU_LANG_EN, &s);
        char *unit = outcome_field(r, i, "unit", CHITIEU_LANG_EN, &s);
        chitieu_outcome_status st = 9;
        chitieu_result_outcome_status(r, i, &st);
        int w = snprintf(out + len, cap - len, "%s %s %d\n", target ? target : "?", unit ? unit : "?", (int)st);
        if (w > 0 && (size_t)w < cap - len) len += (size_t)w;
        free(target);
        free(unit);
    }
    return out;
}

static chitieu_result *evaluate_path(const chitieu_catalogue *cat, const chitieu_units *units, const char *path) {
    chitieu_dataset *ds = NULL;
    chitieu_status s = chitieu_dataset_from_path(cat, units, path, &ds);
    if (s != CHITIEU_OK) {
        char *m = last_error();
        CHECK(s == CHITIEU_OK, "%s: %s", path, m);
        free(m);
        return NULL;
    }
    chitieu_result *r = NULL;
    CHECK(chitieu_evaluate_all(cat, units, ds, "2023", &r) == CHITIEU_OK, "evaluate %s", path);
    chitieu_dataset_free(ds);
    return r;
}

/* The first bytes of a file: a workbook is a zip archive ("PK\3\4"). */
static int is_zip(const char *path) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) return 0;
    unsigned char b[4] = {0};
    size_t n = fread(b, 1, 4, f);
    fclose(f);
    return n == 4 && b[0] == 'P' && b[1] == 'K' && b[2] == 3 && b[3] == 4;
}

static void figures(void) {
    chitieu_catalogue *cat = NULL;
    chitieu_units *units = NULL;
    chitieu_catalogue_builtin(&cat);
    chitieu_units_builtin(&units);
    chitieu_result *csv = evaluate_path(cat, units, path_of(fixtures, "src/SoLieu.csv"));
    char *want = csv ? statuses(csv) : NULL;
    size_t n = 0;
    if (csv) chitieu_result_count(csv, &n);
    CHECK(n > 100, "the CSV source has outcomes: %zu", n);
    const char *books[] = {"SoLieu.xlsx", "SoLieu.ods", "SoLieu.xls", "SoLieu.xlsx#Huyện", "SoLieu-vi.csv", "SoLieu-unicode.txt"};
    for (size_t i = 0; i < sizeof books / sizeof books[0]; i++) {
        chitieu_result *r = evaluate_path(cat, units, path_of(fixtures, books[i]));
        if (r == NULL) continue;
        char *got = statuses(r);
        CHECK(want != NULL && strcmp(got, want) == 0, "%s gives the outcomes of its CSV source", books[i]);
        free(got);
        if (i == 0) {
            const char *out = path_of(outdir, "BangDiem.xlsx");
            remove(out);
            CHECK(chitieu_result_write_xlsx(r, CHITIEU_LANG_VI, out) == CHITIEU_OK, "scorecard written");
            CHECK(is_zip(out), "%s is a workbook", out);
            CHECK(chitieu_result_write_xlsx(r, 7, out) == CHITIEU_INVALID_ARGUMENT, "an unknown language");
            CHECK(chitieu_result_write_xlsx(NULL, CHITIEU_LANG_VI, out) == CHITIEU_NULL_POINTER, "NULL result");
            CHECK(chitieu_result_write_xlsx(r, CHITIEU_LANG_VI, NULL) == CHITIEU_NULL_POINTER, "NULL path");
            CHECK(chitieu_result_write_xlsx(r, CHITIEU_LANG_VI, path_of(outdir, "no/such/folder/x.xlsx")) == CHITIEU_INVALID_ARGUMENT, "an unwritable path");
            char *m = last_error();
            CHECK(contains(m, "cannot write the workbook"), "message: %s", m);
            free(m);
        }
        chitieu_result_free(r);
    }
    free(want);
    chitieu_result_free(csv);

    /* An error cell: the message, sheet and cell name it. */
    chitieu_dataset *ds = NULL;
    CHECK(chitieu_dataset_from_path(cat, units, path_of(fixtures, "Loi.xlsx"), &ds) == CHITIEU_DATA_ERROR, "an error cell is refused");
    CHECK(ds == NULL, "no dataset");
    char *m = last_error();
    CHECK(contains(m, "sheet 'Huyện', cell F12 (row 12, column 'crimes_solved')") && contains(m, "#DIV/0!"), "message: %s", m);
    free(m);
    char *sheet = last_part(chitieu_last_error_sheet);
    char *cell = last_part(chitieu_last_error_cell);
    CHECK(sheet != NULL && strcmp(sheet, "Huyện") == 0, "sheet: %s", sheet ? sheet : "(none)");
    CHECK(cell != NULL && strcmp(cell, "F12") == 0, "cell: %s", cell ? cell : "(none)");
    free(sheet);
    free(cell);
    uint64_t row = 0;
    CHECK(chitieu_last_error_row(&row) == CHITIEU_OK && row == 12, "row %llu", (unsigned long long)row);
    /* A sheet that is not there: the message lists the sheets. */
    CHECK(chitieu_dataset_from_path(cat, units, path_of(fixtures, "SoLieu.xlsx#Huyen"), &ds) == CHITIEU_DATA_ERROR, "an unknown sheet");
    m = last_error();
    CHECK(contains(m, "no sheet 'Huyen'") && contains(m, "'Huyện'"), "message: %s", m);
    free(m);
    /* A CSV error has no sheet nor cell. */
    CHECK(chitieu_dataset_from_csv_text(cat, units, "unit_code,period,crimes_recorded\n22,2023,x\n", NULL, &ds) == CHITIEU_DATA_ERROR, "a bad CSV cell");
    CHECK(chitieu_last_error_sheet(NULL, 0, &n) == CHITIEU_NOT_FOUND, "no sheet in a CSV error");
    CHECK(chitieu_last_error_cell(NULL, 0, &n) == CHITIEU_NOT_FOUND, "no cell in a CSV error");

    /* A unit list kept as a workbook. */
    chitieu_units *from_book = NULL;
    CHECK(chitieu_units_from_csv_path(path_of(fixtures, "units-2024.xlsx"), &from_book) == CHITIEU_OK, "units from a workbook");
    chitieu_units_free(from_book);
    chitieu_units_free(units);
    chitieu_catalogue_free(cat);
}

/* The decisions of a report, one line per unit (caller frees). */
static char *decisions(const chitieu_report *r) {
    size_t n = 0;
    chitieu_report_unit_count(r, &n);
    char *out = malloc(32 * (n + 1));
    if (out == NULL) abort();
    size_t len = 0;
    out[0] = '\0';
    for (size_t i = 0; i < n; i++) {
        char code[64] = "";
        size_t needed = 0;
        chitieu_report_unit_code(r, i, code, sizeof code, &needed);
        chitieu_decision d = 99;
        chitieu_report_unit_status(r, i, &d);
        len += (size_t)sprintf(out + len, "%s %d\n", code, (int)d);
    }
    return out;
}

static chitieu_report *certify(const chitieu_catalogue *cat, const chitieu_units *units, const char *f, const char *e, const char *g) {
    chitieu_inputs *in = NULL;
    chitieu_status s = chitieu_inputs_from_paths(cat, units, f, e, g, &in);
    if (s != CHITIEU_OK) {
        char *m = last_error();
        CHECK(s == CHITIEU_OK, "inputs %s: %s", f, m);
        free(m);
        return NULL;
    }
    chitieu_report *r = NULL;
    CHECK(chitieu_certify(cat, units, in, "kh50", "2024-12-15", &r) == CHITIEU_OK, "certify %s", f);
    chitieu_inputs_free(in);
    return r;
}

static void recognition(void) {
    chitieu_catalogue *cat = NULL;
    chitieu_units *units = NULL;
    chitieu_catalogue_builtin(&cat);
    chitieu_units_builtin(&units);
    char dir[1100];
    snprintf(dir, sizeof dir, "%s/data/kh50-section8", scenarios);
    chitieu_report *csv = certify(cat, units, path_of(dir, "figures.csv"), path_of(dir, "events.csv"), path_of(dir, "register.csv"));
    const char *book = path_of(fixtures, "KH50.xlsx");
    chitieu_report *xlsx = certify(cat, units, book, book, book);
    if (csv && xlsx) {
        char *a = decisions(csv), *b = decisions(xlsx);
        CHECK(strcmp(a, b) == 0 && strlen(a) > 0, "KH50.xlsx decides as the CSV files:\n%s---\n%s", a, b);
        free(a);
        free(b);
        const char *out = path_of(outdir, "Ketqua.xlsx");
        remove(out);
        CHECK(chitieu_report_write_xlsx(xlsx, CHITIEU_LANG_EN, out) == CHITIEU_OK, "report written");
        CHECK(is_zip(out), "%s is a workbook", out);
    }
    chitieu_report_free(csv);
    chitieu_report_free(xlsx);
    chitieu_units_free(units);
    chitieu_catalogue_free(cat);
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: %s FIXTURES_DIR SCENARIOS_DIR OUT_DIR\n", argv[0]);
        return 2;
    }
    snprintf(fixtures, sizeof fixtures, "%s", argv[1]);
    snprintf(scenarios, sizeof scenarios, "%s", argv[2]);
    snprintf(outdir, sizeof outdir, "%s", argv[3]);
    figures();
    recognition();
    return finish();
}
