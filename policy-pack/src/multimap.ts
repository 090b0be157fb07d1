/**
 * Adds `value` to the list `map` holds under `key`, in place: the indexes of the stack model are
 * built once per stack, and copying a list per addition would make many resources sharing one
 * value quadratic.
 */
export function addTo<K, V>(map: Map<K, V[]>, key: K, value: V): void {
    const list = map.get(key);
    if (list) {
        list.push(value);
    } else {
        map.set(key, [value]);
    }
}
