/// The Python a DAG file is made of, as far as the static reader needs it.
indirect enum PyStmt {
    case expression(PyExpr, line: Int)
    case assign(targets: [PyExpr], value: PyExpr, line: Int)
    case augmentedAssign(PyExpr, op: String, value: PyExpr, line: Int)
    case with(items: [(PyExpr, PyExpr?)], body: [PyStmt], line: Int)
    case function(name: String, parameters: [PyParameter], decorators: [PyExpr], body: [PyStmt], line: Int)
    case classDef(name: String, body: [PyStmt], line: Int)
    case conditional(branches: [(PyExpr?, [PyStmt])], line: Int)
    case loop(target: PyExpr, iterable: PyExpr, body: [PyStmt], otherwise: [PyStmt], line: Int)
    case whileLoop(body: [PyStmt], line: Int)
    case tryBlock(body: [PyStmt], handlers: [[PyStmt]], otherwise: [PyStmt], finally: [PyStmt], line: Int)
    case importNames([(module: String, alias: String?)], line: Int)
    case importFrom(module: String, names: [(name: String, alias: String?)], line: Int)
    case returnValue(PyExpr?, line: Int)
    case other(line: Int)
}

/// A `def` parameter.
struct PyParameter {
    var name: String
    var defaultValue: PyExpr?
    /// `*args` (1) or `**kwargs` (2); 0 for a plain parameter.
    var star: Int
}

/// A call argument: positional, `name=value`, `*value` or `**value`.
struct PyArgument {
    var name: String?
    var value: PyExpr
    var star: Int
}

indirect enum PyExpr {
    case name(String, line: Int)
    case string(String, formatted: Bool, line: Int)
    case number(String)
    case constant(String)   // True, False, None, ...
    case list([PyExpr])
    case tuple([PyExpr])
    case set([PyExpr])
    case dict([(PyExpr?, PyExpr)])
    case attribute(PyExpr, String)
    case index(PyExpr, PyExpr)
    case slice
    case call(PyExpr, [PyArgument], line: Int)
    case binary(String, PyExpr, PyExpr, line: Int)
    case unary(String, PyExpr)
    case boolean(String, PyExpr, PyExpr)
    case compare(PyExpr, [(String, PyExpr)])
    case conditional(PyExpr, test: PyExpr, otherwise: PyExpr)
    case lambda
    case comprehension(kind: String, element: PyExpr, value: PyExpr?, clauses: [(target: PyExpr, iterable: PyExpr, conditions: [PyExpr])])
    case starred(PyExpr)
    case await(PyExpr)
    case yield
}
