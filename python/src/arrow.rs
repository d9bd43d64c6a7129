//! Arrow tables across the Arrow PyCapsule interface, both ways, without
//! copying a value.
//!
//! Out: [`PyArrowTable`] holds a record batch core made (the outcomes'
//! columns) and hands it to pyarrow, polars or any other reader through
//! `__arrow_c_stream__` (and `__arrow_c_array__`, `__arrow_c_schema__`):
//! `pyarrow.table(t)` takes the buffers as they are.
//!
//! In: [`read_stream`] takes the batches of any object with
//! `__arrow_c_stream__` (a pyarrow Table, a polars DataFrame...), so a
//! dataset is read from their columns directly (see `PyDataset::from_arrow`).

use std::ffi::CString;

use arrow_array::ffi::{to_ffi, FFI_ArrowSchema};
use arrow_array::ffi_stream::{RecordBatchStreamReader, FFI_ArrowArrayStream};
use arrow_array::{Array, RecordBatch, RecordBatchIterator, RecordBatchReader, StructArray};
use arrow_schema::SchemaRef;
use pyo3::prelude::*;
use pyo3::types::{PyCapsule, PyTuple};

use crate::ChitieuError;

/// A table core made, for pyarrow/polars (native; see chitieu.Result.to_arrow).
#[pyclass(module = "chitieu._native", name = "ArrowTable", frozen)]
pub(crate) struct PyArrowTable(pub(crate) RecordBatch);

fn name(text: &str) -> PyResult<CString> {
    CString::new(text).map_err(|e| ChitieuError::new_err(format!("internal: capsule name: {e}")))
}

fn arrow_err(e: arrow_schema::ArrowError) -> PyErr {
    ChitieuError::new_err(format!("internal error handing Arrow data over (please report it): {e}"))
}

#[pymethods]
impl PyArrowTable {
    /// The table as an `ArrowArrayStream` capsule (one batch). A requested
    /// schema is not followed: the columns are given as they are.
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_stream__<'py>(&self, py: Python<'py>, requested_schema: Option<Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyCapsule>> {
        let _ = requested_schema;
        let reader = RecordBatchIterator::new([Ok(self.0.clone())], self.0.schema());
        let stream = FFI_ArrowArrayStream::new(Box::new(reader));
        PyCapsule::new_bound(py, stream, Some(name("arrow_array_stream")?))
    }

    /// The schema as an `ArrowSchema` capsule.
    fn __arrow_c_schema__<'py>(&self, py: Python<'py>) -> PyResult<Bound<'py, PyCapsule>> {
        let schema = FFI_ArrowSchema::try_from(self.0.schema().as_ref()).map_err(arrow_err)?;
        PyCapsule::new_bound(py, schema, Some(name("arrow_schema")?))
    }

    /// The table as one struct array: (`ArrowSchema`, `ArrowArray`) capsules.
    #[pyo3(signature = (requested_schema=None))]
    fn __arrow_c_array__<'py>(&self, py: Python<'py>, requested_schema: Option<Bound<'py, PyAny>>) -> PyResult<Bound<'py, PyTuple>> {
        let _ = requested_schema;
        let data = StructArray::from(self.0.clone()).into_data();
        let (array, schema) = to_ffi(&data).map_err(arrow_err)?;
        let schema = PyCapsule::new_bound(py, schema, Some(name("arrow_schema")?))?;
        let array = PyCapsule::new_bound(py, array, Some(name("arrow_array")?))?;
        Ok(PyTuple::new_bound(py, [schema.into_any(), array.into_any()]))
    }

    /// The names of the columns, in order.
    #[getter]
    fn column_names(&self) -> Vec<String> {
        self.0.schema().fields().iter().map(|f| f.name().clone()).collect()
    }

    fn __len__(&self) -> usize {
        self.0.num_rows()
    }
}

/// The schema and every batch of an object with `__arrow_c_stream__`.
pub(crate) fn read_stream(obj: &Bound<'_, PyAny>) -> PyResult<(SchemaRef, Vec<RecordBatch>)> {
    let capsule = obj.call_method0("__arrow_c_stream__")?;
    let capsule = capsule.downcast::<PyCapsule>()?;
    let named = capsule.name()?.and_then(|n| n.to_str().ok()) == Some("arrow_array_stream");
    if !named {
        return Err(ChitieuError::new_err("__arrow_c_stream__ did not return an 'arrow_array_stream' capsule"));
    }
    let raw = capsule.pointer().cast::<FFI_ArrowArrayStream>();
    // SAFETY: the capsule is named "arrow_array_stream", so by the PyCapsule
    // interface its pointer is a valid ArrowArrayStream; `from_raw` moves the
    // stream out and leaves a released one behind, which the capsule's
    // destructor then leaves alone. The capsule lives until this returns.
    let reader = unsafe { RecordBatchStreamReader::from_raw(raw) }.map_err(arrow_err)?;
    let schema = reader.schema();
    let batches = reader.collect::<Result<Vec<_>, _>>().map_err(arrow_err)?;
    Ok((schema, batches))
}
