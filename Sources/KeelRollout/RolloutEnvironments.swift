public import Foundation
public import KeelCore
public import KeelPostgres

/// An environment a plan rolls out to, as keel.yaml declares it. The faces map keel.yaml's
/// environments to these, so the rollout never reads keel.yaml itself.
public struct RolloutEnvironment: Sendable, Hashable {
    /// Where the connection URL comes from.
    public enum Connection: Sendable, Hashable {
        /// The URL itself (no password).
        case url(String)
        /// The name of the process environment variable that holds the URL.
        case environmentVariable(String)
    }

    public var name: String
    public var connection: Connection
    /// Production gets the validation and staging gates.
    public var production: Bool

    public init(name: String, connection: Connection, production: Bool) {
        self.name = name
        self.connection = connection
        self.production = production
    }
}

/// A resolved environment: where its database is and whether it is production.
public struct RolloutTarget: Sendable {
    public var name: String
    public var connection: ConnectionConfig
    public var production: Bool

    public init(name: String, connection: ConnectionConfig, production: Bool) {
        self.name = name
        self.connection = connection
        self.production = production
    }
}

/// Where rollouts stand in several environments, as `keel rollout status --json` and the MCP
/// `rollout_status` tool report it.
public struct RolloutOverview: Sendable, Encodable, Equatable {
    /// Each readable environment's rollouts, newest first (empty: Keel never ran there).
    public var environments: [String: [RolloutRecord]]
    /// Environments that could not be read, with why.
    public var unreachable: [String: String]
}

/// A project's environments and the rules every face uses to pick one: by name from keel.yaml
/// (its `url`, or the variable `url_env` names), or at a URL given instead; and which one is
/// production's staging.
public struct RolloutEnvironments: Sendable {
    /// keel.yaml's environments; `nil` when there is no keel.yaml.
    public var declared: [RolloutEnvironment]?
    /// Where `url_env` variables are read.
    public var processEnvironment: [String: String]
    public var resolver: ConnectionResolver

    public init(_ declared: [RolloutEnvironment]?, processEnvironment: [String: String] = ProcessInfo.processInfo.environment,
                resolver: ConnectionResolver = .process) {
        self.declared = declared
        self.processEnvironment = processEnvironment
        self.resolver = resolver
    }

    /// The declared environments' names, in keel.yaml's order.
    public var names: [String] { declared?.map(\.name) ?? [] }

    /// Resolves the environment called `name`.
    /// - Parameter override: A URL to connect to instead (`--db`); the environment keeps its
    ///   `production` flag when keel.yaml declares it, and otherwise counts as non-production.
    /// - Throws: ``RolloutError`` when there is no keel.yaml, no such environment, or its URL
    ///   variable is unset; a connection error for an unparseable URL.
    public func target(_ name: String, override: String? = nil) throws -> RolloutTarget {
        let environment = declared?.first { $0.name == name }
        if let override {
            return RolloutTarget(name: name, connection: try resolver.resolve(override), production: environment?.production ?? false)
        }
        guard let declared else { throw RolloutError.noConfig(path: "keel.yaml") }
        guard let environment else { throw RolloutError.unknownEnvironment(name: name, known: declared.map(\.name)) }
        let url: String?
        switch environment.connection {
        case .url(let text):
            url = text.isEmpty ? nil : text
        case .environmentVariable(let variable):
            url = processEnvironment[variable].flatMap { $0.isEmpty ? nil : $0 }
            if url == nil { throw RolloutError.environmentUnset(name: name, variable: variable) }
        }
        guard let url else { throw RolloutError.unknownEnvironment(name: name, known: declared.map(\.name)) }
        return RolloutTarget(name: name, connection: try resolver.resolve(url), production: environment.production)
    }

    /// The staging environment production waits for: `explicit` when given, else the
    /// non-production environment called `staging`, else the only non-production one.
    public func stagingName(for production: String, explicit: String?) throws -> String {
        if let explicit { return explicit }
        let candidates = (declared ?? []).filter { !$0.production }
        if let named = candidates.first(where: { $0.name == "staging" }) { return named.name }
        if candidates.count == 1, let only = candidates.first { return only.name }
        throw RolloutError.noStaging(production: production)
    }

    /// Reads where rollouts stand in each of `names` (never writes, never creates the `keel` schema).
    /// - Parameters:
    ///   - override: Connect here instead (`--db`, with one environment).
    ///   - plan: Only this plan's latest rollout, when given.
    ///   - strict: Throw the first environment's error instead of listing it as unreachable.
    /// - Throws: A ``KeelError`` when `strict`, or when no environment could be read.
    public func status(of names: [String], override: String? = nil, plan: ContentHash?, strict: Bool) async throws -> RolloutOverview {
        var overview = RolloutOverview(environments: [:], unreachable: [:])
        var firstError: (any KeelError)?
        for name in names {
            do {
                let target = try target(name, override: override)
                overview.environments[name] = try await RolloutExecutor.status(target.connection, plan: plan)
            } catch let error as any KeelError {
                if strict { throw error }
                overview.unreachable[name] = error.message
                firstError = firstError ?? error
            }
        }
        if overview.environments.isEmpty, let firstError { throw firstError }
        return overview
    }
}
