package io.iotetl.pipelines.validation;

import io.iotetl.pipelines.io.S3OutputOptions;
import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;

/** Options of {@link ValidateOutputs}. */
public interface ValidateOutputsOptions extends S3OutputOptions {

  @Description(
      "Comma-separated output folders (under the output root) to check; each must hold readable"
          + " Parquet files. Each report is written to validation/<folder>.txt and printed.")
  @Default.String("stream_output,raw_events")
  String getPaths();

  void setPaths(String value);

  @Description("Rows to print from each folder.")
  @Default.Integer(5)
  int getSampleRows();

  void setSampleRows(int value);
}
