/// An OpenLineage RunEvent (spec 2-0-2), with the facets Keel writes. Keys are OpenLineage's own.
public struct RunEvent: Codable, Sendable, Equatable {
    /// `COMPLETE`.
    public var eventType: String
    /// ISO 8601 with time zone.
    public var eventTime: String
    /// The producer URI.
    public var producer: String
    /// The RunEvent schema URL.
    public var schemaURL: String
    /// The run.
    public var run: Run
    /// The job: a consumer.
    public var job: Job
    /// Datasets read.
    public var inputs: [Dataset]
    /// Datasets written, with column lineage.
    public var outputs: [Dataset]

    /// A run.
    public struct Run: Codable, Sendable, Equatable {
        /// A UUID.
        public var runId: String
    }

    /// A job.
    public struct Job: Codable, Sendable, Equatable {
        public var namespace: String
        public var name: String
        public var facets: JobFacets
    }

    /// The job facets Keel writes.
    public struct JobFacets: Codable, Sendable, Equatable {
        public var jobType: JobTypeFacet
        public var ownership: OwnershipFacet?
    }

    /// `jobType` (JobTypeJobFacet 2-0-4).
    public struct JobTypeFacet: Codable, Sendable, Equatable {
        public var producer: String
        public var schemaURL: String
        public var processingType: String
        public var integration: String
        public var jobType: String

        enum CodingKeys: String, CodingKey {
            case producer = "_producer", schemaURL = "_schemaURL", processingType, integration, jobType
        }
    }

    /// `ownership` (OwnershipJobFacet 1-0-1).
    public struct OwnershipFacet: Codable, Sendable, Equatable {
        public var producer: String
        public var schemaURL: String
        public var owners: [Owner]

        enum CodingKeys: String, CodingKey {
            case producer = "_producer", schemaURL = "_schemaURL", owners
        }
    }

    /// An owner.
    public struct Owner: Codable, Sendable, Equatable {
        public var name: String
        public var type: String?
    }

    /// An input or output dataset.
    public struct Dataset: Codable, Sendable, Equatable {
        public var namespace: String
        public var name: String
        public var facets: DatasetFacets?
    }

    /// The dataset facets Keel writes.
    public struct DatasetFacets: Codable, Sendable, Equatable {
        public var columnLineage: ColumnLineageFacet?
        public var schema: SchemaFacet?
    }

    /// `columnLineage` (ColumnLineageDatasetFacet 1-2-0).
    public struct ColumnLineageFacet: Codable, Sendable, Equatable {
        public var producer: String
        public var schemaURL: String
        /// Each output column's input fields.
        public var fields: [String: ColumnFields]
        /// Fields that shape the whole dataset (statement-level INDIRECT).
        public var dataset: [InputField]

        enum CodingKeys: String, CodingKey {
            case producer = "_producer", schemaURL = "_schemaURL", fields, dataset
        }
    }

    /// One output column's inputs.
    public struct ColumnFields: Codable, Sendable, Equatable {
        public var inputFields: [InputField]
    }

    /// An input column and how it is used.
    public struct InputField: Codable, Sendable, Equatable {
        public var namespace: String
        public var name: String
        public var field: String
        public var transformations: [Transformation]
    }

    /// `{type, subtype}`.
    public struct Transformation: Codable, Sendable, Equatable {
        public var type: String
        public var subtype: String

        public init(type: String, subtype: String) {
            self.type = type
            self.subtype = subtype
        }
    }

    /// `schema` (SchemaDatasetFacet 1-2-0).
    public struct SchemaFacet: Codable, Sendable, Equatable {
        public var producer: String
        public var schemaURL: String
        public var fields: [SchemaField]

        enum CodingKeys: String, CodingKey {
            case producer = "_producer", schemaURL = "_schemaURL", fields
        }
    }

    /// A column of the schema facet.
    public struct SchemaField: Codable, Sendable, Equatable {
        public var name: String
    }
}
