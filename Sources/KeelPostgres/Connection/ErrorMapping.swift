import Foundation
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

/// Turns driver errors into ``PostgresLayerError``s that say what failed without leaking secrets.
///
/// `PSQLError.description` is deliberately generic, so the cause is read from its named fields:
/// the server's SQLSTATE and message, or the underlying network or TLS error.
enum ErrorMapping {
    static func map(_ error: any Error, config: ConnectionConfig, statement: String?) -> PostgresLayerError {
        if let error = error as? PostgresLayerError { return error }
        let target = config.target
        guard let psql = error as? PSQLError else {
            return networkError(error, target: target, config: config)
        }
        if let info = psql.serverInfo, let sqlState = info[.sqlState] {
            let message = info[.message] ?? "unknown error"
            switch sqlState {
            case "28P01": return .wrongPassword(user: config.user, target: target)
            case "28000": return .authenticationRejected(user: config.user, target: target, serverMessage: message)
            case "3D000" where statement == nil: return .databaseMissing(database: config.database, target: target)
            default:
                return .server(sqlState: sqlState, message: message, detail: info[.detail], hint: info[.hint], statement: statement)
            }
        }
        switch psql.code {
        case .sslUnsupported:
            return .tlsUnsupported(target: target)
        case .failedToAddSSLHandler, .receivedUnencryptedDataAfterSSLRequest:
            return .tlsFailed(target: target, reason: psql.underlying.map(describe) ?? "the TLS handshake could not start")
        case .authMechanismRequiresPassword:
            return .passwordRequired(user: config.user, target: target)
        case .unsupportedAuthMechanism:
            return .authenticationRejected(user: config.user, target: target, serverMessage: "the server asked for an authentication method keel does not support")
        case .connectionError:
            return psql.underlying.map { networkError($0, target: target, config: config) }
                ?? .unreachable(target: target, reason: "the connection failed")
        case .serverClosedConnection, .uncleanShutdown:
            if let underlying = psql.underlying, isTLS(underlying) {
                return .tlsFailed(target: target, reason: describe(underlying))
            }
            return .connectionLost(target: target)
        default:
            if let underlying = psql.underlying { return networkError(underlying, target: target, config: config) }
            return .unreachable(target: target, reason: "driver error \(psql.code)")
        }
    }

    private static func networkError(_ error: any Error, target: String, config: ConnectionConfig) -> PostgresLayerError {
        if isTLS(error) { return .tlsFailed(target: target, reason: describe(error)) }
        if let channelError = error as? ChannelError, case .connectTimeout = channelError {
            return .unreachable(target: target, reason: "no answer within \(config.connectTimeoutSeconds) s")
        }
        if let connectionError = error as? NIOConnectionError {
            if connectionError.dnsAError != nil || connectionError.dnsAAAAError != nil, connectionError.connectionErrors.isEmpty {
                return .unreachable(target: target, reason: "the host name could not be resolved")
            }
            if let first = connectionError.connectionErrors.first {
                return networkError(first.error, target: target, config: config)
            }
            return .unreachable(target: target, reason: "no address of the host accepted the connection")
        }
        if let ioError = error as? IOError {
            return .unreachable(target: target, reason: errnoReason(ioError.errnoCode, config: config))
        }
        if error is SocketAddressError {
            return .unreachable(target: target, reason: "the host name could not be resolved")
        }
        return .unreachable(target: target, reason: describe(error))
    }

    private static func errnoReason(_ code: CInt, config: ConnectionConfig) -> String {
        switch code {
        case ECONNREFUSED: config.socketPath == nil ? "connection refused (is the server running on that port?)" : "connection refused (no server is listening on the socket)"
        case ENOENT: "no server socket exists at \(config.socketPath ?? "that path")"
        case EACCES: "permission denied on the socket"
        case ETIMEDOUT: "the connection timed out"
        case EHOSTUNREACH, ENETUNREACH: "no route to the host"
        default: String(cString: strerror(code))
        }
    }

    private static func isTLS(_ error: any Error) -> Bool {
        error is NIOSSLError || error is BoringSSLError || error is NIOSSLExtraError
    }

    /// Driver and network errors carry no secrets; their descriptions are safe to show.
    private static func describe(_ error: any Error) -> String {
        if let ssl = error as? NIOSSLError {
            if case .handshakeFailed(let inner) = ssl { return "handshake failed: \(inner)" }
            return "\(ssl)"
        }
        return String(describing: error)
    }
}
