@testable import KeelLineage
import Testing

@Suite("Python reader")
struct PythonParserTests {
    @Test("valid Python the reader does not model still parses", arguments: [
        "x = [i * 2 for i in range(10) if i % 2]\ny = {k: v for k, v in {}.items()}\nz = (a for a in x)\n",
        "class A(B, metaclass=M):\n    '''doc'''\n    def f(self, *args, key: int = 3, **kw) -> dict[str, int]:\n        return {**kw}\n",
        "try:\n    import foo\nexcept (ImportError, ValueError) as e:\n    foo = None\nelse:\n    pass\nfinally:\n    pass\n",
        "async def f():\n    async with a as b:\n        await b\n    async for x in y:\n        yield x\n",
        "f = lambda x, y=1: x + y\nif (n := 10) > 5: print(n)\nwhile False:\n    break\n",
        "match command:\n    case [x, y]:\n        pass\n    case _:\n        pass\n",
        "s = r'\\d+' + b'x' + f'{a!r:>10}' + '''multi\nline'''\nt = x if y else z\nu = not a and b or c\nv = a[1:2, ::3]\n",
        "@decorator.attr(1)\n@other\ndef g(): pass\nglobal q\ndel x[0]\nassert x, 'msg'\nraise ValueError('x') from None\n",
        "x = \\\n    1\nwith (open('a') as f, open('b') as g):\n    pass\n",
    ])
    func parses(source: String) throws {
        _ = try PythonParser.parse(source, file: "ok.py")
    }

    @Test("syntax errors name the line", arguments: [
        ("x = (1,\ny = 2\n", 1),
        ("def f(:\n    pass\n", 1),
        ("if x\n    pass\n", 1),
        ("x = 'unterminated\n", 1),
        ("a = 1\n    b = 2\n", 2),
        ("def f():\npass\n", 2),
        ("x = 1 +\n", 1),
        ("x = [1, 2))\n", 1),
        ("ok = 1\n\ns = '''never closed\n", 3),
        ("if True:\n        a = 1\n    b = 2\n", 3),
        ("x = $\n", 1),
    ])
    func syntaxErrors(source: String, line: Int) {
        do {
            _ = try PythonParser.parse(source, file: "bad.py")
            Issue.record("expected a syntax error for \(source)")
        } catch {
            #expect(error.code == "lineage.airflow-syntax")
            if case .pythonSyntax(let location, _) = error { #expect(location.line == line, "\(error)") }
        }
    }
}
