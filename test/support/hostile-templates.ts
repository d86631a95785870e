/** Letter templates that try to take the mailings service down (issue 14), for the tests of the template limits. */

/** 9 KB of captures, each doubling the last: unchecked, its output filled the heap and killed the process. */
export const DOUBLING_CAPTURES = `{% capture s %}${'x'.repeat(40)}{% endcapture %}${'{% capture s %}{{ s }}{{ s }}{% endcapture %}'.repeat(200)}{{ s }}`;

/** Nested loops writing out far more than a letter (liquidjs does not count what is written out). */
export const NESTED_OUTPUT = '{% for a in (1..1000) %}{% for b in (1..1000) %}{{ customer.name }} {{ recipient.name }}{% endfor %}{% endfor %}';

/** Nested loops that write nothing but run on past the render time limit (about 2 million steps). */
export const LONG_LOOP = '{% for a in (1..1400) %}{% for b in (1..1400) %}{% if b == 0 %}x{% endif %}{% endfor %}{% endfor %}';
