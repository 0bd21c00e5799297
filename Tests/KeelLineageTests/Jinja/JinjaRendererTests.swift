@testable import KeelLineage
import Testing

@Suite("Jinja renderer")
struct JinjaRendererTests {
    static func render(_ template: String, _ variables: [String: JinjaValue] = [:]) throws -> String {
        let parsed = try JinjaParser.parse(template, file: "t.sql")
        return try JinjaRenderer(globals: [:], file: "t.sql").render(parsed, variables: variables)
    }

    @Test("renders the way Jinja2 does", arguments: [
        ("select {{ 1 + 2 }}", "select 3"),
        ("{{ 'a' ~ 1 ~ none }}", "a1None"),
        ("{% if x %}yes{% else %}no{% endif %}", "no"),
        ("{% if 2 > 1 and not false %}yes{% endif %}", "yes"),
        ("{% if 1 > 2 %}a{% elif 2 > 1 %}b{% else %}c{% endif %}", "b"),
        ("{% for c in ['a', 'b', 'c'] %}{{ c }}{% if not loop.last %}, {% endif %}{% endfor %}", "a, b, c"),
        ("{% for k, v in {'x': 1, 'y': 2}.items() %}{{ k }}={{ v }};{% endfor %}", "x=1;y=2;"),
        ("{% for i in range(3) if i != 1 %}{{ loop.index }}:{{ i }} {% endfor %}", "1:0 2:2 "),
        ("{% for x in [] %}a{% else %}empty{% endfor %}", "empty"),
        ("{% set xs = [3, 1, 2] %}{{ xs | sort | join('-') }}", "1-2-3"),
        ("{% set s %}  inner  {% endset %}[{{ s | trim }}]", "[inner]"),
        ("{{ 'Hello' | lower | replace('l', 'L') }}", "heLLo"),
        ("{{ missing | default('fallback') }}", "fallback"),
        ("{{ missing }}|", "|"),
        ("a\n  {%- if true -%}\n  b\n  {%- endif %}\nc", "ab\nc"),
        ("{# comment #}x{#- trimmed -#}  y", "xy"),
        ("{% raw %}{{ not rendered }}{% endraw %}", "{{ not rendered }}"),
        ("{% macro greet(name, punct='!') %}hi {{ name }}{{ punct }}{% endmacro %}{{ greet('bob') }} {{ greet('al', punct='?') }}", "hi bob! hi al?"),
        ("{% set ns = namespace(total=0) %}{% for i in [1, 2, 3] %}{% set ns.total = ns.total + i %}{% endfor %}{{ ns.total }}", "6"),
        ("{% set xs = [] %}{% do xs.append('a') %}{% do xs.append('b') %}{{ xs }}", "['a', 'b']"),
        ("{{ 'x' if false else 'y' }}", "y"),
        ("{{ [1, 2, 3][-1] }}{{ 'abc'[1:] }}", "3bc"),
        ("{{ 7 // 2 }} {{ 7 % 3 }} {{ 2 ** 3 }} {{ 7 / 2 }}", "3 1 8 3.5"),
        ("{% if 'a' in ['a', 'b'] and 'z' not in 'abc' %}ok{% endif %}", "ok"),
        ("{% if x is defined %}d{% else %}u{% endif %}{% if none is none %}n{% endif %}", "un"),
        ("{{ '%s-%s' % ('a', 'b') }} {{ 'x{}y'.format(1) }}", "a-b x1y"),
        ("{% macro wrap() %}[{{ caller() }}]{% endmacro %}{% call wrap() %}body{% endcall %}", "[body]"),
        ("{% filter upper %}shout{% endfilter %}", "SHOUT"),
        ("{% with a = 2 %}{{ a * 3 }}{% endwith %}", "6"),
        ("line\n", "line"),
        ("{% if true: %}colon{% endif %}", "colon"),
        ("{{ {'b': 1, 'a': 2} | dictsort | first | first }}", "a"),
        ("{{ ['a','b'] | map('upper') | join }}", "AB"),
        ("{{ [1, 2] | tojson }}", "[1, 2]"),
    ])
    func renders(template: String, expected: String) throws {
        #expect(try Self.render(template) == expected)
    }

    @Test("variables and objects are visible")
    func variables() throws {
        #expect(try Self.render("{{ who }}: {{ n + 1 }}", ["who": .string("x"), "n": .int(41)]) == "x: 42")
    }

    @Test("syntax errors carry the line", arguments: [
        ("select 1\n{% if x %}\nunclosed", 2),
        ("{% for x in y %}{% endif %}", 1),
        ("ok\n\n{{ 1 + }}", 3),
        ("{% frobnicate %}", 1),
        ("a\n{{ 'unterminated }}", 2),
        ("{% macro m( %}{% endmacro %}", 1),
        ("{{ x", 1),
    ])
    func syntaxErrors(template: String, line: Int) {
        do {
            _ = try Self.render(template)
            Issue.record("expected a syntax error")
        } catch let error as LineageError {
            #expect(error.code == "lineage.jinja-syntax", "\(error)")
            if case .jinjaSyntax(let location, _) = error { #expect(location.line == line, "\(error)") }
        } catch {
            Issue.record("unexpected \(error)")
        }
    }

    @Test("render errors carry the line", arguments: [
        ("a\n{{ nothing() }}", 2),
        ("{{ 1 + 'a' }}", 1),
        ("\n\n{{ none.attr.deeper }}", 3),
        ("{% macro r() %}{{ r() }}{% endmacro %}{{ r() }}", 1),
        ("{{ [1][5] }}", 1),
    ])
    func renderErrors(template: String, line: Int) {
        do {
            _ = try Self.render(template)
            Issue.record("expected a render error")
        } catch let error as LineageError {
            #expect(error.code == "lineage.jinja-render", "\(error)")
            if case .jinjaRender(let location, _) = error { #expect(location.line == line, "\(error)") }
        } catch {
            Issue.record("unexpected \(error)")
        }
    }
}
