/* Drug-free recognition through the C ABI: the built-in sample certified at
 * 2024-12-15 (the certified communes counted one by one agree with the
 * JSON summary; every commune not certified has its gaps), the report JSON
 * byte for byte as the command line writes it, the decision log, and the
 * error paths (NULL handles, a date that does not exist, a malformed events
 * file naming row and column, unknown ids, indexes out of range).
 *
 * usage: test_recognition <tests/scenarios directory> [CLI_CERTIFY_JSON CLI_SELECT_JSON]
 *   CLI_CERTIFY_JSON: `chitieu certify --sample --as-of 2024-12-15 --format json`
 *   CLI_SELECT_JSON:  `chitieu select --data .../kh50-section8/figures.csv
 *                      --events ... --register ... --as-of 2024-12-15
 *                      --format json --lang en` */
#define _POSIX_C_SOURCE 200809L
#include <unistd.h>

#include "check.h"

static int contains(const char *haystack, const char *needle) {
    return haystack != NULL && strstr(haystack, needle) != NULL;
}

/* The report as JSON (caller frees), or NULL. */
static char *report_json(const chitieu_report *r, chitieu_lang lang, chitieu_json_flags flags) {
    size_t needed = 0;
    if (chitieu_report_json(r, lang, flags, NULL, 0, &needed) != CHITIEU_BUFFER_TOO_SMALL) return NULL;
    char *buf = malloc(needed);
    if (buf == NULL) abort();
    if (chitieu_report_json(r, lang, flags, buf, needed, &needed) != CHITIEU_OK) {
        free(buf);
        return NULL;
    }
    return buf;
}

/* A whole file (caller frees), or NULL. */
static char *read_file(const char *path) {
    FILE *fp = fopen(path, "rb");
    if (fp == NULL) return NULL;
    size_t cap = 1 << 16, len = 0;
    char *buf = malloc(cap);
    if (buf == NULL) abort();
    size_t n;
    while ((n = fread(buf + len, 1, cap - len - 1, fp)) > 0) {
        len += n;
        if (cap - len - 1 == 0) {
            cap *= 2;
            buf = realloc(buf, cap);
            if (buf == NULL) abort();
        }
    }
    fclose(fp);
    buf[len] = '\0';
    return buf;
}

/* The number after `"key":` inside the object that follows `object` in
 * compact JSON; 0 when absent (the summary leaves out zero counts). */
static long summary_count(const char *json, const char *object, const char *key) {
    const char *o = strstr(json, object);
    if (o == NULL) return -1;
    const char *end = strchr(o + strlen(object), '}');
    char pattern[64];
    snprintf(pattern, sizeof pattern, "\"%s\":", key);
    const char *k = strstr(o, pattern);
    if (k == NULL || k > end) return 0;
    return strtol(k + strlen(pattern), NULL, 10);
}

static void sample_certified_on_15_december(const chitieu_catalogue *cat, const chitieu_units *units) {
    chitieu_inputs *in = NULL;
    CHECK(chitieu_inputs_sample(&in) == CHITIEU_OK, "the programme sample");
    char digest[65];
    size_t needed = 0;
    CHECK(chitieu_inputs_digest(in, NULL, 0, &needed) == CHITIEU_BUFFER_TOO_SMALL && needed == 65, "digest size %zu", needed);
    CHECK(chitieu_inputs_digest(in, digest, sizeof digest, &needed) == CHITIEU_OK && strlen(digest) == 64, "digest %s", digest);

    chitieu_report *r = NULL;
    CHECK(chitieu_certify(cat, units, in, NULL, "2024-12-15", &r) == CHITIEU_OK, "certify the sample (scheme NULL: kh50)");
    size_t count = 0;
    CHECK(chitieu_report_unit_count(r, &count) == CHITIEU_OK && count == 171 + 13, "%zu units (the communes in force on 2024-12-15: six merged on 1/11/2024)", count);

    long certified = 0, not_certified = 0, no_data = 0, gaps_missing = 0, districts_certified = 0;
    char level[32], code[32], text[2048];
    for (size_t u = 0; u < count; u++) {
        chitieu_decision d = 99;
        CHECK(chitieu_report_unit_status(r, u, &d) == CHITIEU_OK, "status of unit %zu", u);
        CHECK(chitieu_report_unit_field(r, u, "level", CHITIEU_LANG_EN, level, sizeof level, &needed) == CHITIEU_OK, "level");
        CHECK(chitieu_report_unit_code(r, u, code, sizeof code, &needed) == CHITIEU_OK && needed == strlen(code) + 1, "code");
        if (strcmp(level, "commune") != 0) {
            CHECK(strcmp(level, "district") == 0 && u >= 171, "communes come first: unit %zu is a %s", u, level);
            districts_certified += d == CHITIEU_DECISION_CERTIFIED;
            continue;
        }
        size_t gaps = 0, criteria = 0;
        CHECK(chitieu_report_gap_count(r, u, &gaps) == CHITIEU_OK, "gaps");
        CHECK(chitieu_report_criterion_count(r, u, &criteria) == CHITIEU_OK, "criteria");
        if (d == CHITIEU_DECISION_CERTIFIED) {
            certified++;
            CHECK(gaps == 0 && criteria > 0, "%s certified with %zu gaps, %zu criteria", code, gaps, criteria);
        } else if (d == CHITIEU_DECISION_NOT_CERTIFIED) {
            not_certified++;
            gaps_missing += gaps == 0;
            for (size_t g = 0; g < gaps; g++) {
                CHECK(chitieu_report_gap_text(r, u, g, CHITIEU_LANG_VI, text, sizeof text, &needed) == CHITIEU_OK && strlen(text) > 10, "gap text of %s", code);
                CHECK(chitieu_report_gap_criterion(r, u, g, text, sizeof text, &needed) == CHITIEU_OK && (contains(text, "kh50.") || strcmp(text, "register") == 0), "gap criterion %s", text);
            }
        } else {
            CHECK(d == CHITIEU_DECISION_NO_DATA, "%s: decision %d", code, d);
            no_data++;
        }
        for (size_t c = 0; c < criteria; c++) {
            chitieu_outcome_status os = 99;
            CHECK(chitieu_report_criterion_status(r, u, c, &os) == CHITIEU_OK && os >= CHITIEU_OUTCOME_NOT_APPLICABLE && os <= CHITIEU_OUTCOME_MET, "criterion status %d", os);
            CHECK(chitieu_report_criterion_detail(r, u, c, CHITIEU_LANG_EN, text, sizeof text, &needed) == CHITIEU_OK && needed > 1, "detail of %s", code);
        }
    }
    CHECK(gaps_missing == 0, "%ld communes not certified without a gap", gaps_missing);

    char *json = report_json(r, CHITIEU_LANG_EN, 0);
    CHECK(json != NULL, "report JSON");
    if (json != NULL) {
        long summary = summary_count(json, "\"summary\":{\"communes\":{", "certified");
        CHECK(certified == summary && certified > 0, "%ld certified communes, the summary says %ld", certified, summary);
        long summary_not = summary_count(json, "\"summary\":{\"communes\":{", "not_certified");
        CHECK(not_certified == summary_not && not_certified > 0, "%ld not certified, the summary says %ld", not_certified, summary_not);
        long summary_d = summary_count(json, "\"districts\":{", "certified");
        CHECK(districts_certified == summary_d, "%ld certified districts, the summary says %ld", districts_certified, summary_d);
        char sha[96];
        snprintf(sha, sizeof sha, "\"inputs_sha256\":\"%s\"", digest);
        CHECK(contains(json, sha), "the report carries the inputs' digest");
        CHECK(contains(json, "\"synthetic\":true") && contains(json, "synthetic_data"), "marked synthetic");
        printf("sample certified at 2024-12-15: %ld communes certified, %ld not certified, %ld without data; %ld districts certified\n", certified,
               not_certified, no_data, districts_certified);
    }
    free(json);
    size_t warnings = 0;
    CHECK(chitieu_report_warning_count(r, &warnings) == CHITIEU_OK && warnings >= 1, "warnings %zu", warnings);
    CHECK(chitieu_report_warning(r, 0, CHITIEU_LANG_EN, text, sizeof text, &needed) == CHITIEU_OK && needed > 1, "warning %s", text);

    /* The programme report of 2024 reviewed on 15 December is that certification. */
    chitieu_report *p = NULL;
    CHECK(chitieu_programme(cat, units, in, "kh50", 2024, "2024-12-15", &p) == CHITIEU_OK, "programme 2024");
    char *pj = report_json(p, CHITIEU_LANG_EN, 0);
    CHECK(contains(pj, "\"operation\":\"programme\"") && contains(pj, "kh50.programme."), "programme targets");
    free(pj);
    chitieu_report_free(p);
    CHECK(chitieu_programme(cat, units, in, NULL, 2024, NULL, &p) == CHITIEU_OK, "programme 2024, reviewed 31 December");
    CHECK(chitieu_report_unit_field(p, 0, "status", CHITIEU_LANG_EN, text, sizeof text, &needed) == CHITIEU_OK, "status text");
    chitieu_report_free(p);

    chitieu_report_free(r);
    chitieu_inputs_free(in);
}

/* The report JSON equals the command line's `--format json` byte for byte. */
static void same_json_as_the_cli(const chitieu_catalogue *cat, const chitieu_units *units, const char *dir, const char *cli_certify, const char *cli_select) {
    char *expected = read_file(cli_certify);
    CHECK(expected != NULL, "cannot read %s", cli_certify);
    chitieu_inputs *in = NULL;
    chitieu_report *r = NULL;
    chitieu_inputs_sample(&in);
    chitieu_certify(cat, units, in, "kh50", "2024-12-15", &r);
    char *got = report_json(r, CHITIEU_LANG_VI, CHITIEU_JSON_PRETTY);
    CHECK(expected != NULL && got != NULL && strcmp(expected, got) == 0, "certify --sample: the JSON differs from %s", cli_certify);
    free(got);
    free(expected);
    chitieu_report_free(r);
    chitieu_inputs_free(in);

    char f[4096], e[4096], g[4096];
    snprintf(f, sizeof f, "%s/data/kh50-section8/figures.csv", dir);
    snprintf(e, sizeof e, "%s/data/kh50-section8/events.csv", dir);
    snprintf(g, sizeof g, "%s/data/kh50-section8/register.csv", dir);
    expected = read_file(cli_select);
    CHECK(expected != NULL, "cannot read %s", cli_select);
    CHECK(chitieu_inputs_from_paths(cat, units, f, e, g, &in) == CHITIEU_OK, "section 8 inputs");
    CHECK(chitieu_select(cat, units, in, "kh50", "2024-12-15", &r) == CHITIEU_OK, "select");
    got = report_json(r, CHITIEU_LANG_EN, CHITIEU_JSON_PRETTY);
    CHECK(expected != NULL && got != NULL && strcmp(expected, got) == 0, "select on section 8: the JSON differs from %s", cli_select);
    printf("report JSON byte for byte as the command line's: certify (vi, %zu bytes), select (en)\n", got ? strlen(got) : 0);
    free(got);
    free(expected);
    chitieu_report_free(r);
    chitieu_inputs_free(in);
}

/* Inputs from texts equal inputs from files (the same digest), CSV or JSON. */
static void texts(const chitieu_catalogue *cat, const chitieu_units *units, const char *dir) {
    char path[4096];
    snprintf(path, sizeof path, "%s/data/kh50-section8/events.csv", dir);
    char *events = read_file(path);
    snprintf(path, sizeof path, "%s/data/kh50-section8/register.csv", dir);
    char *reg = read_file(path);
    chitieu_inputs *a = NULL, *b = NULL, *c = NULL;
    CHECK(chitieu_inputs_from_texts(cat, units, NULL, NULL, events, NULL, reg, "reg.csv", &a) == CHITIEU_OK, "from texts");
    snprintf(path, sizeof path, "%s/data/kh50-section8/events.csv", dir);
    char p2[4096];
    snprintf(p2, sizeof p2, "%s/data/kh50-section8/register.csv", dir);
    CHECK(chitieu_inputs_from_paths(cat, units, NULL, path, p2, &b) == CHITIEU_OK, "from paths");
    const char *json = "[{\"date\": \"2024-03-01\", \"unit_code\": \"06808\", \"kind\": \"drug_offence\", \"residence\": \"permanent\"}]";
    CHECK(chitieu_inputs_from_texts(cat, units, NULL, NULL, json, "events.JSON", NULL, NULL, &c) == CHITIEU_OK, "events as JSON");
    char da[65], db[65], dc[65];
    size_t n = 0;
    chitieu_inputs_digest(a, da, sizeof da, &n);
    chitieu_inputs_digest(b, db, sizeof db, &n);
    chitieu_inputs_digest(c, dc, sizeof dc, &n);
    CHECK(strcmp(da, db) == 0, "same inputs, same digest: %s %s", da, db);
    CHECK(strcmp(da, dc) != 0, "other inputs, other digest");
    chitieu_inputs_free(a);
    chitieu_inputs_free(b);
    chitieu_inputs_free(c);
    free(events);
    free(reg);
}

static void errors(const chitieu_catalogue *cat, const chitieu_units *units) {
    chitieu_inputs *in = (chitieu_inputs *)&in; /* garbage that must be overwritten */
    chitieu_report *r = (chitieu_report *)&r;
    size_t n = 0, idx = 0;
    uint64_t row = 0;
    char col[64], buf[256];

    CHECK(chitieu_inputs_from_paths(NULL, units, NULL, NULL, NULL, &in) == CHITIEU_NULL_POINTER && in == NULL, "NULL catalogue");
    CHECK(chitieu_inputs_from_paths(cat, units, NULL, NULL, NULL, NULL) == CHITIEU_NULL_POINTER, "NULL out");
    CHECK(chitieu_inputs_sample(NULL) == CHITIEU_NULL_POINTER, "NULL out");
    CHECK(chitieu_inputs_digest(NULL, buf, sizeof buf, &n) == CHITIEU_NULL_POINTER, "NULL inputs");
    CHECK(chitieu_certify(cat, units, NULL, "kh50", "2024-12-15", &r) == CHITIEU_NULL_POINTER && r == NULL, "NULL inputs to certify");
    char *m = last_error();
    CHECK(contains(m, "inputs is NULL"), "message: %s", m);
    free(m);

    CHECK(chitieu_inputs_sample(&in) == CHITIEU_OK, "sample");
    CHECK(chitieu_select(cat, units, in, "kh50", NULL, &r) == CHITIEU_NULL_POINTER, "NULL date");
    CHECK(chitieu_certify(cat, units, in, "kh50", "2024-02-30", &r) == CHITIEU_PARSE_ERROR && r == NULL, "30 February");
    m = last_error();
    CHECK(contains(m, "2024-02-30") && contains(m, "does not exist"), "message: %s", m);
    free(m);
    CHECK(chitieu_select(cat, units, in, "kh50", "15/12/2024", &r) == CHITIEU_PARSE_ERROR, "not YYYY-MM-DD");
    CHECK(chitieu_certify(cat, units, in, "kh51", "2024-12-15", &r) == CHITIEU_NOT_FOUND, "unknown scheme");
    m = last_error();
    CHECK(contains(m, "kh51") && contains(m, "kh50"), "message: %s", m);
    free(m);
    CHECK(chitieu_programme(cat, units, in, "kh50", 2024, "2025-01-10", &r) == CHITIEU_INVALID_ARGUMENT, "review date outside the year");
    CHECK(chitieu_programme(cat, units, in, "kh50", 2024, "2024-13-01", &r) == CHITIEU_PARSE_ERROR, "month 13");

    CHECK(chitieu_select(cat, units, in, NULL, "2024-12-15", &r) == CHITIEU_OK, "select the sample");
    CHECK(chitieu_report_find_unit(r, "99999", &idx) == CHITIEU_NOT_FOUND, "unknown unit");
    CHECK(chitieu_report_find_unit(r, "06808", NULL) == CHITIEU_NULL_POINTER, "NULL index");
    CHECK(chitieu_report_find_unit(r, "06808", &idx) == CHITIEU_OK, "a commune");
    chitieu_decision d = 99;
    CHECK(chitieu_report_unit_status(r, idx, &d) == CHITIEU_OK && (d == CHITIEU_DECISION_ELIGIBLE || d == CHITIEU_DECISION_NOT_ELIGIBLE || d == CHITIEU_DECISION_NO_DATA), "a selection decision %d", d);
    CHECK(chitieu_report_find_criterion(r, idx, "kh50.no.such", &n) == CHITIEU_NOT_FOUND, "unknown criterion");
    CHECK(chitieu_report_unit_field(r, idx, "no_such_key", CHITIEU_LANG_EN, buf, sizeof buf, &n) == CHITIEU_NOT_FOUND, "unknown field");
    CHECK(chitieu_report_unit_field(r, idx, "district", CHITIEU_LANG_EN, buf, sizeof buf, &n) == CHITIEU_OK && strlen(buf) > 0, "its district %s", buf);
    CHECK(chitieu_report_unit_count(r, &n) == CHITIEU_OK, "count");
    size_t last = n - 1;
    CHECK(chitieu_report_unit_field(r, last, "district", CHITIEU_LANG_EN, buf, sizeof buf, &n) == CHITIEU_NOT_FOUND, "a district has no district (null)");
    CHECK(chitieu_report_unit_code(r, last + 1, buf, sizeof buf, &n) == CHITIEU_INVALID_ARGUMENT, "unit index out of range");
    m = last_error();
    CHECK(contains(m, "out of range"), "message: %s", m);
    free(m);
    CHECK(chitieu_report_criterion_id(r, idx, 1000, buf, sizeof buf, &n) == CHITIEU_INVALID_ARGUMENT, "criterion index out of range");
    CHECK(chitieu_report_part_field(r, idx, 0, 1000, "actual", CHITIEU_LANG_EN, buf, sizeof buf, &n) == CHITIEU_INVALID_ARGUMENT, "part index out of range");
    CHECK(chitieu_report_gap_text(r, idx, 1000, CHITIEU_LANG_EN, buf, sizeof buf, &n) == CHITIEU_INVALID_ARGUMENT, "gap index out of range");
    CHECK(chitieu_report_criterion_id(r, idx, 0, buf, 4, &n) == CHITIEU_BUFFER_TOO_SMALL && buf[0] == '\0' && n > 4, "short buffer");
    CHECK(chitieu_report_criterion_detail(r, idx, 0, 5, buf, sizeof buf, &n) == CHITIEU_INVALID_ARGUMENT, "unknown language");
    CHECK(chitieu_report_json(NULL, CHITIEU_LANG_VI, 0, NULL, 0, &n) == CHITIEU_NULL_POINTER, "NULL report");
    chitieu_report_free(r);
    chitieu_inputs_free(in);

    /* A malformed events file: the message, row and column name the cell. */
    const char *events = "date,unit_code,kind,residence,severity,note\n"
                         "2024-03-01,06808,drug_offence,permanent,,\n"
                         "2024-09-31,06808,drug_offence,permanent,,\n";
    in = (chitieu_inputs *)&in;
    CHECK(chitieu_inputs_from_texts(cat, units, NULL, NULL, events, "events.csv", NULL, NULL, &in) == CHITIEU_DATA_ERROR && in == NULL, "31 September");
    m = last_error();
    CHECK(contains(m, "events.csv") && contains(m, "row 3") && contains(m, "date") && contains(m, "2024-09-31"), "message: %s", m);
    free(m);
    CHECK(chitieu_last_error_row(&row) == CHITIEU_OK && row == 3, "row %llu", (unsigned long long)row);
    CHECK(chitieu_last_error_column(col, sizeof col, &n) == CHITIEU_OK && strcmp(col, "date") == 0, "column %s", col);
    const char *kinds = "date,unit_code,kind\n2024-03-01,06808,drug_ofence\n";
    CHECK(chitieu_inputs_from_texts(cat, units, NULL, NULL, kinds, NULL, NULL, NULL, &in) == CHITIEU_DATA_ERROR, "unknown kind");
    CHECK(chitieu_last_error_column(col, sizeof col, &n) == CHITIEU_OK && strcmp(col, "kind") == 0, "column %s", col);
    CHECK(chitieu_inputs_from_paths(cat, units, NULL, "/nonexistent/events.csv", NULL, &in) == CHITIEU_DATA_ERROR, "missing events file");
    m = last_error();
    CHECK(contains(m, "/nonexistent/events.csv"), "message: %s", m);
    free(m);
    CHECK(chitieu_inputs_from_texts(cat, units, NULL, NULL, "date,unit_code,kind\n2024-03-01,06808,\xff\n", NULL, NULL, NULL, &in) == CHITIEU_INVALID_UTF8, "invalid UTF-8");

    chitieu_inputs_free(NULL);
    chitieu_report_free(NULL);
    CHECK(1, "every free accepts NULL");
}

static void record_twice(const chitieu_catalogue *cat, const chitieu_units *units) {
    char path[] = "/tmp/chitieu-test-log-XXXXXX";
    int fd = mkstemp(path);
    CHECK(fd >= 0, "a temporary log");
    if (fd < 0) return;
    close(fd);
    chitieu_inputs *in = NULL;
    chitieu_report *r = NULL;
    chitieu_inputs_sample(&in);
    CHECK(chitieu_certify(cat, units, in, "kh50", "2024-12-15", &r) == CHITIEU_OK, "certify");
    size_t line = 0;
    CHECK(chitieu_report_record(r, path, "nobody", &line) == CHITIEU_INVALID_ARGUMENT, "a decider without a role");
    char *m = last_error();
    CHECK(contains(m, "ROLE: NAME"), "message: %s", m);
    free(m);
    CHECK(chitieu_report_record(r, NULL, "Trưởng ban: A", &line) == CHITIEU_NULL_POINTER, "NULL path");
    const char *by = "Trưởng Ban Chỉ đạo 138/QN: Nguyễn Văn A";
    CHECK(chitieu_report_record(r, path, by, &line) == CHITIEU_OK && line == 1, "first entry on line %zu", line);
    CHECK(chitieu_report_record(r, path, by, &line) == CHITIEU_OK && line == 2, "second entry on line %zu", line);
    CHECK(chitieu_report_record(r, path, by, NULL) == CHITIEU_OK, "line may be NULL");
    CHECK(chitieu_report_record(r, "/nonexistent/dir/log.jsonl", by, &line) == CHITIEU_DATA_ERROR, "a log that cannot be written");
    m = last_error();
    CHECK(contains(m, "/nonexistent/dir/log.jsonl"), "message: %s", m);
    free(m);

    char *log = read_file(path);
    int lines = 0;
    for (const char *p = log; p != NULL && *p; p++) lines += *p == '\n';
    char digest[65], sha[96];
    size_t n = 0;
    chitieu_inputs_digest(in, digest, sizeof digest, &n);
    snprintf(sha, sizeof sha, "\"inputs_sha256\":\"%s\"", digest);
    CHECK(lines == 3 && contains(log, sha) && contains(log, "Nguyễn Văn A") && contains(log, "\"as_of\":\"2024-12-15\""), "%d lines: %.200s", lines, log);
    free(log);

    /* The same run compared with what was recorded: nothing changed. */
    size_t need = 0;
    CHECK(chitieu_report_compare_json(r, path, 0, NULL, 0, &need) == CHITIEU_BUFFER_TOO_SMALL && need > 1, "size of the comparison");
    char *cmp = malloc(need);
    CHECK(cmp != NULL && chitieu_report_compare_json(r, path, 0, cmp, need, NULL) == CHITIEU_OK, "comparison");
    if (cmp != NULL) {
        CHECK(contains(cmp, "\"changes\":[]") && contains(cmp, "\"inputs_changed\":false") && contains(cmp, "Nguyễn Văn A"), "comparison: %.300s", cmp);
        free(cmp);
    }
    char empty[] = "/tmp/chitieu-test-empty-log-XXXXXX";
    int efd = mkstemp(empty);
    if (efd >= 0) {
        close(efd);
        CHECK(chitieu_report_compare_json(r, empty, 0, NULL, 0, &need) == CHITIEU_NOT_FOUND, "a log without a run of the scheme");
        m = last_error();
        CHECK(contains(m, "no recorded run"), "message: %s", m);
        free(m);
        remove(empty);
    }
    CHECK(chitieu_report_compare_json(r, NULL, 0, NULL, 0, &need) == CHITIEU_NULL_POINTER, "NULL log path");
    remove(path);
    chitieu_report_free(r);
    chitieu_inputs_free(in);
}

int main(int argc, char **argv) {
    if (argc != 2 && argc != 4) {
        fprintf(stderr, "usage: %s <tests/scenarios directory> [CLI_CERTIFY_JSON CLI_SELECT_JSON]\n", argv[0]);
        return 2;
    }
    chitieu_catalogue *cat = NULL;
    chitieu_units *units = NULL;
    CHECK(chitieu_catalogue_builtin(&cat) == CHITIEU_OK, "built-in catalogue");
    CHECK(chitieu_units_builtin(&units) == CHITIEU_OK, "built-in units");
    sample_certified_on_15_december(cat, units);
    if (argc == 4) {
        same_json_as_the_cli(cat, units, argv[1], argv[2], argv[3]);
    } else {
        printf("note: no command-line JSON given; the byte-for-byte comparison is not run\n");
    }
    texts(cat, units, argv[1]);
    errors(cat, units);
    record_twice(cat, units);
    chitieu_units_free(units);
    chitieu_catalogue_free(cat);
    return finish();
}
