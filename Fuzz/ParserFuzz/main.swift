// libFuzzer target for Keel's SQL front end: the lexer, splitter, parser, printer, binder and
// per-statement lineage must never crash, hang or overflow the stack, whatever the input.
// Built and run by bench/fuzz-parser (swiftc -sanitize=fuzzer,address); not part of the package.
import Dispatch
import Foundation
import KeelSQL

/// Metadata for the binder and lineage, so that star expansion and resolution paths run too.
let schema = SchemaMap([
    "public.t": ["id", "a", "b", "c"],
    "public.s": ["id", "x", "y"],
    "public.orders": ["id", "customer_id", "total", "status"],
    "public.customers": ["id", "name", "region"],
])

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    let text = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    _ = SQLScript.split(text)
    let parsed = Parser.parse(text)
    for diagnostic in parsed.diagnostics { _ = diagnostic.rendered }
    for statement in parsed.statements {
        if case .query(let query) = statement.kind {
            _ = SQLPrinter.print(query)
            _ = SQLPrinter.print(Binder(schema: schema).bind(query).query)
        }
    }
    _ = LineageAnalyzer(schema: schema).analyze(parsed)
    _ = try? Parser.parseExpression(text)
    _ = try? Parser.parseType(text)
    return 0
}
