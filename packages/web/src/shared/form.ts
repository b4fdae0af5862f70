import type { FormInstance } from 'antd';

/**
 * The form's values when every rule passes, otherwise null. antd's validateFields() rejects on a
 * failed rule; the form already shows the messages, so the rejection is an answer, not an error
 * to leave uncaught in the browser's console.
 */
export async function validated<T>(form: FormInstance<T>): Promise<T | null> {
  try {
    return await form.validateFields();
  } catch (e) {
    if (e && typeof e === 'object' && 'errorFields' in e) return null;
    throw e;
  }
}
