// NatReconPipeline owns the pipeline file (PipelineSpec), the Runner and one folder
// per stage: Ingest/, Join/, Aggregate/, Report/. It is the only module that knows
// all the others.
