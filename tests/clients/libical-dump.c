/* Parse an .ics file with libical (the parser behind Evolution/GNOME) and print, one
 * line per item, what the feed tests compare with the model:
 *
 *   EVENT <uid> <start> <end> <tzid> <summary> <location> <description>
 *   ERROR <component> <X-LIC-ERROR text>
 *   TZMISSING <uid> <tzid>
 *
 * fields separated by tabs; text fields hex-encoded UTF-8 ("-" when absent). A timed
 * start/end is converted to UTC (YYYYMMDDTHHMMSSZ) through the VTIMEZONE of the file
 * itself, looked up with icalcomponent_get_timezone on the VCALENDAR; libical's built-in
 * zone database is never consulted, so a wrong VTIMEZONE block shows as a wrong instant.
 * A DATE value is printed as YYYYMMDD.
 *
 * Build: gcc libical-dump.c $(pkg-config --cflags --libs libical) -o libical-dump
 * Exit status: 0 when the file parsed (errors are reported as ERROR lines), 2 otherwise.
 */
#include <libical/ical.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *read_file(const char *path) {
    FILE *f = fopen(path, "rb");
    if (f == NULL) return NULL;
    size_t cap = 65536, len = 0;
    char *buf = malloc(cap + 1);
    size_t n;
    while (buf != NULL && (n = fread(buf + len, 1, cap - len, f)) > 0) {
        len += n;
        if (len == cap) {
            cap *= 2;
            char *bigger = realloc(buf, cap + 1);
            if (bigger == NULL) free(buf);
            buf = bigger;
        }
    }
    fclose(f);
    if (buf != NULL) buf[len] = '\0';
    return buf;
}

static void print_hex(const char *text) {
    putchar('\t');
    if (text == NULL) {
        putchar('-');
        return;
    }
    if (*text == '\0') putchar('=');  /* present but empty */
    for (const unsigned char *p = (const unsigned char *)text; *p; p++) printf("%02x", *p);
}

static int count_errors(icalcomponent *comp) {
    int errors = 0;
    for (icalproperty *p = icalcomponent_get_first_property(comp, ICAL_XLICERROR_PROPERTY);
         p != NULL; p = icalcomponent_get_next_property(comp, ICAL_XLICERROR_PROPERTY)) {
        printf("ERROR\t%s\t%s\n", icalcomponent_kind_to_string(icalcomponent_isa(comp)),
               icalproperty_get_xlicerror(p));
        errors++;
    }
    for (icalcomponent *c = icalcomponent_get_first_component(comp, ICAL_ANY_COMPONENT);
         c != NULL; c = icalcomponent_get_next_component(comp, ICAL_ANY_COMPONENT)) {
        errors += count_errors(c);
    }
    return errors;
}

/* The property's time in UTC through the file's own VTIMEZONE; "" when it has none. */
static void print_time(icalcomponent *root, icalproperty *prop, const char *uid,
                       const char **tzid_out) {
    putchar('\t');
    *tzid_out = NULL;
    if (prop == NULL) {
        putchar('-');
        return;
    }
    struct icaltimetype t = icalvalue_get_datetime(icalproperty_get_value(prop));
    if (t.is_date) {
        printf("%04d%02d%02d", t.year, t.month, t.day);
        return;
    }
    icalparameter *param = icalproperty_get_first_parameter(prop, ICAL_TZID_PARAMETER);
    if (param != NULL) {
        const char *tzid = icalparameter_get_tzid(param);
        *tzid_out = tzid;
        icaltimezone *zone = icalcomponent_get_timezone(root, tzid);
        if (zone == NULL) {
            printf("UNRESOLVED");
            fprintf(stderr, "TZMISSING %s %s\n", uid, tzid);
            return;
        }
        t = icaltime_set_timezone(&t, zone);
    } else if (!icaltime_is_utc(t)) {
        printf("FLOATING");
        return;
    }
    struct icaltimetype utc = icaltime_convert_to_zone(t, icaltimezone_get_utc_timezone());
    printf("%04d%02d%02dT%02d%02d%02dZ", utc.year, utc.month, utc.day, utc.hour, utc.minute,
           utc.second);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s FILE.ics\n", argv[0]);
        return 2;
    }
    char *text = read_file(argv[1]);
    if (text == NULL) {
        perror(argv[1]);
        return 2;
    }
    icalcomponent *root = icalparser_parse_string(text);
    free(text);
    if (root == NULL || icalcomponent_isa(root) != ICAL_VCALENDAR_COMPONENT) {
        fprintf(stderr, "%s: not parsed as one VCALENDAR (%s)\n", argv[1],
                icalerror_strerror(icalerrno));
        return 2;
    }
    count_errors(root);
    for (icalcomponent *ev = icalcomponent_get_first_component(root, ICAL_VEVENT_COMPONENT);
         ev != NULL; ev = icalcomponent_get_next_component(root, ICAL_VEVENT_COMPONENT)) {
        const char *uid = icalcomponent_get_uid(ev);
        const char *start_tzid, *end_tzid;
        printf("EVENT\t%s", uid ? uid : "-");
        print_time(root, icalcomponent_get_first_property(ev, ICAL_DTSTART_PROPERTY),
                   uid ? uid : "-", &start_tzid);
        print_time(root, icalcomponent_get_first_property(ev, ICAL_DTEND_PROPERTY),
                   uid ? uid : "-", &end_tzid);
        printf("\t%s", start_tzid ? start_tzid : "-");
        print_hex(icalcomponent_get_summary(ev));
        print_hex(icalcomponent_get_location(ev));
        print_hex(icalcomponent_get_description(ev));
        putchar('\n');
    }
    icalcomponent_free(root);
    return 0;
}
